using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers.Qat;

/// <summary>A range learned by quantization-aware training: one (min, max) pair per tensor, or one per channel.</summary>
/// <param name="Min">Lower ends.</param>
/// <param name="Max">Upper ends, as many as <paramref name="Min"/>.</param>
public sealed record QatRange(float[] Min, float[] Max)
{
    /// <summary>Number of (min, max) pairs: 1 per tensor, else one per channel.</summary>
    public int Count => Min.Length;

    /// <summary>Records the range on <paramref name="tensor"/> (<see cref="QuantizationParameters.Min"/> and
    /// <see cref="QuantizationParameters.Max"/>, no scales), along <paramref name="axis"/> when per channel.</summary>
    public void AttachTo(Tensor tensor, int axis = 0)
    {
        tensor.Quantization ??= new QuantizationParameters();
        tensor.Quantization.Min = (float[])Min.Clone();
        tensor.Quantization.Max = (float[])Max.Clone();
        tensor.Quantization.QuantizedDimension = Count > 1 ? axis : 0;
    }
}
