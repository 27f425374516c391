using System.Numerics.Tensors;

namespace TfLite.Core.Quantization;

public static partial class QuantizeKernels
{
    /// <summary>Float32 to float16, rounding to nearest even (overflow to ±Inf, NaN stays a quiet NaN): the same bits
    /// as the <see cref="Half"/> conversion and as TensorFlow's float16 weight conversion (Eigen's round-to-nearest-even)
    /// for every non-NaN input. Vectorized by <see cref="TensorPrimitives"/>.</summary>
    public static void FloatToHalf(ReadOnlySpan<float> source, Span<Half> destination)
    {
        RequireSameLength(source.Length, destination.Length);
        TensorPrimitives.ConvertToHalf(source, destination);
    }

    /// <summary>Float16 to float32 (exact).</summary>
    public static void HalfToFloat(ReadOnlySpan<Half> source, Span<float> destination)
    {
        RequireSameLength(source.Length, destination.Length);
        TensorPrimitives.ConvertToSingle(source, destination);
    }
}
