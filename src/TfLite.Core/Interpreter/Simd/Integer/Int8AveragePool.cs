using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TfLite.Core.Interpreter.FixedPoint;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// int8 AVERAGE_POOL_2D sixteen channels at a time, equal bit for bit to <see cref="IntegerPooling.AveragePool"/>.
/// With at most 256 taps a window's sum fits int16 lanes (|sum| &lt;= 128 * 256). TFLite's rounding
/// (sum ± count/2, then integer division truncating toward zero) is done in float: n = sum ± count/2 and count are
/// below 2^16, so both are exact floats and n / count is correctly rounded; a quotient that is not an integer lies
/// at least 1/count below the next one, a relative gap above 2^-23 that rounding (at most 2^-24) cannot cross, so
/// truncating the float quotient gives the integer quotient. Channels past the last sixteen take the scalar loop.
/// </summary>
internal static class Int8AveragePool
{
    private const int MaxTaps = 256;

    /// <summary>True when the vector path covers this window size and the hardware accelerates Vector256.</summary>
    public static bool Covers(in QuantizedPoolParams p, VectorWidth width) =>
        width >= VectorWidth.V256 && p.FilterHeight * p.FilterWidth <= MaxTaps;

    /// <summary>Pools; false when some window holds no input element (as the reference).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Run(in QuantizedPoolParams p, Dims4 input, ReadOnlySpan<sbyte> x, Dims4 output, Span<sbyte> y)
    {
        if (x.Length != input.FlatSize || y.Length != output.FlatSize || input.D0 != output.D0 || input.D3 != output.D3)
            throw new ArgumentException("Input or output length does not match the shapes.");
        int channels = input.D3;
        ref sbyte xr = ref MemoryMarshal.GetReference(x);
        ref sbyte yr = ref MemoryMarshal.GetReference(y);
        var lo = Vector256.Create(p.ActivationMin);
        var hi = Vector256.Create(p.ActivationMax);
        for (int batch = 0; batch < output.D0; batch++)
        for (int outY = 0; outY < output.D1; outY++)
        for (int outX = 0; outX < output.D2; outX++)
        {
            int inY0 = outY * p.StrideHeight - p.PadHeight, inX0 = outX * p.StrideWidth - p.PadWidth;
            int yStart = Math.Max(0, -inY0), yEnd = Math.Min(p.FilterHeight, input.D1 - inY0);
            int xStart = Math.Max(0, -inX0), xEnd = Math.Min(p.FilterWidth, input.D2 - inX0);
            int count = Math.Max(0, yEnd - yStart) * Math.Max(0, xEnd - xStart);
            if (count <= 0) return false;
            var half = Vector256.Create(count / 2);
            var divisor = Vector256.Create((float)count);
            int c = 0, outBase = output.Offset(batch, outY, outX, 0);
            for (; c + 16 <= channels; c += 16)
            {
                var sum = Vector256<short>.Zero;
                for (int fy = yStart; fy < yEnd; fy++)
                for (int fx = xStart; fx < xEnd; fx++)
                {
                    var v = Vector128.LoadUnsafe(ref xr, (nuint)input.Offset(batch, inY0 + fy, inX0 + fx, c));
                    sum += Vector256.Create(Vector128.WidenLower(v), Vector128.WidenUpper(v));
                }
                var low = Round(Vector256.WidenLower(sum), half, divisor, lo, hi);
                var high = Round(Vector256.WidenUpper(sum), half, divisor, lo, hi);
                var narrowed = Vector256.Narrow(low, high);
                Vector128.Narrow(narrowed.GetLower(), narrowed.GetUpper()).StoreUnsafe(ref yr, (nuint)(outBase + c));
            }
            for (; c < channels; c++)
            {
                int acc = 0;
                for (int fy = yStart; fy < yEnd; fy++)
                for (int fx = xStart; fx < xEnd; fx++)
                    acc += x[input.Offset(batch, inY0 + fy, inX0 + fx, c)];
                acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
                y[outBase + c] = (sbyte)TfLiteMath.ClampToRange(acc, p.ActivationMin, p.ActivationMax);
            }
        }
        return true;
    }

    /// <summary>(sum ± count/2) / count truncated toward zero, then the activation clamp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Round(Vector256<int> sum, Vector256<int> half, Vector256<float> divisor, Vector256<int> lo, Vector256<int> hi)
    {
        var n = sum + Vector256.ConditionalSelect(Vector256.GreaterThan(sum, Vector256<int>.Zero), half, -half);
        var q = Vector256.ConvertToInt32(Vector256.ConvertToSingle(n) / divisor);
        return Vector256.Min(Vector256.Max(q, lo), hi);
    }
}
