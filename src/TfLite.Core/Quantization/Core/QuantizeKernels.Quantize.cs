namespace TfLite.Core.Quantization;

/// <summary>
/// Vectorized quantization primitives over spans: float to int8/uint8/int16 (per tensor and per channel), biases to
/// int32, dequantization, ranges (min/max, absolute max, per channel), float16 conversion and histograms.
/// Every kernel runs Vector256 blocks, then Vector128 blocks, then a scalar tail, and gives the same bits on every
/// path; <see cref="ScalarQuantizeKernels"/> holds the plain reference each one is tested against.
/// </summary>
public static partial class QuantizeKernels
{
    /// <summary>Quantizes to int8 with one scale and zero point (see <see cref="QuantizeArithmetic"/> for the
    /// formula; <see cref="QuantizeArithmetic.Divide"/> is TFLite's QUANTIZE op).</summary>
    /// <param name="source">Float values.</param>
    /// <param name="destination">Quantized values, as long as <paramref name="source"/>.</param>
    /// <param name="scale">The quantization scale.</param>
    /// <param name="zeroPoint">The zero point, inside the storage range.</param>
    /// <param name="arithmetic">Which of TensorFlow's formulas to follow.</param>
    /// <param name="narrowRange">Leave out the lowest value (int8 weights use [-127, 127]).</param>
    public static void Quantize(ReadOnlySpan<float> source, Span<sbyte> destination, float scale, int zeroPoint,
        QuantizeArithmetic arithmetic = QuantizeArithmetic.Divide, bool narrowRange = false) =>
        PerTensor(source, destination, scale, zeroPoint, arithmetic, narrowRange);

    /// <summary>Quantizes to uint8; see <see cref="Quantize(ReadOnlySpan{float}, Span{sbyte}, float, int, QuantizeArithmetic, bool)"/>.</summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> destination, float scale, int zeroPoint,
        QuantizeArithmetic arithmetic = QuantizeArithmetic.Divide, bool narrowRange = false) =>
        PerTensor(source, destination, scale, zeroPoint, arithmetic, narrowRange);

    /// <summary>Quantizes to int16; see <see cref="Quantize(ReadOnlySpan{float}, Span{sbyte}, float, int, QuantizeArithmetic, bool)"/>.</summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<short> destination, float scale, int zeroPoint,
        QuantizeArithmetic arithmetic = QuantizeArithmetic.Divide, bool narrowRange = false) =>
        PerTensor(source, destination, scale, zeroPoint, arithmetic, narrowRange);

    /// <summary>Quantizes to int8 per channel: element i uses the scale and zero point of its channel along
    /// <paramref name="axis"/> of <paramref name="shape"/> (TFLite's per-axis quantization).</summary>
    /// <param name="source">Float values of a tensor of <paramref name="shape"/>, row-major.</param>
    /// <param name="destination">Quantized values, same length.</param>
    /// <param name="shape">The tensor's shape.</param>
    /// <param name="axis">The channel dimension (TFLite's <c>quantized_dimension</c>).</param>
    /// <param name="scales">One scale per channel.</param>
    /// <param name="zeroPoints">One zero point per channel, or empty for all zeros (symmetric weights).</param>
    /// <param name="arithmetic">Which of TensorFlow's formulas to follow.</param>
    /// <param name="narrowRange">Leave out the lowest value (int8 weights use [-127, 127]).</param>
    public static void QuantizePerChannel(ReadOnlySpan<float> source, Span<sbyte> destination, ReadOnlySpan<int> shape, int axis,
        ReadOnlySpan<float> scales, ReadOnlySpan<int> zeroPoints, QuantizeArithmetic arithmetic = QuantizeArithmetic.Divide, bool narrowRange = false) =>
        PerChannel(source, destination, ChannelLayout.Of(shape, axis), scales, zeroPoints, arithmetic, narrowRange);

    /// <summary>Quantizes to uint8 per channel; see the int8 overload.</summary>
    public static void QuantizePerChannel(ReadOnlySpan<float> source, Span<byte> destination, ReadOnlySpan<int> shape, int axis,
        ReadOnlySpan<float> scales, ReadOnlySpan<int> zeroPoints, QuantizeArithmetic arithmetic = QuantizeArithmetic.Divide, bool narrowRange = false) =>
        PerChannel(source, destination, ChannelLayout.Of(shape, axis), scales, zeroPoints, arithmetic, narrowRange);

    /// <summary>Quantizes to int16 per channel; see the int8 overload.</summary>
    public static void QuantizePerChannel(ReadOnlySpan<float> source, Span<short> destination, ReadOnlySpan<int> shape, int axis,
        ReadOnlySpan<float> scales, ReadOnlySpan<int> zeroPoints, QuantizeArithmetic arithmetic = QuantizeArithmetic.Divide, bool narrowRange = false) =>
        PerChannel(source, destination, ChannelLayout.Of(shape, axis), scales, zeroPoints, arithmetic, narrowRange);

    /// <summary>
    /// Quantizes a bias vector to int32 with zero point 0, clamped to [-2^31+1, 2^31-1] as TensorFlow does. Element
    /// i uses <c>scales[i]</c> (per-channel bias, scale = input_scale * weight_scale[i]) or <c>scales[0]</c> when
    /// one scale is given. Scalar: biases are short, and int32 values do not fit float32 lanes exactly.
    /// </summary>
    public static void QuantizeBias(ReadOnlySpan<float> source, Span<int> destination, ReadOnlySpan<float> scales,
        QuantizeArithmetic arithmetic = QuantizeArithmetic.DivideInDouble)
    {
        RequireSameLength(source.Length, destination.Length);
        if (scales.Length != 1 && scales.Length != source.Length)
            throw new ArgumentException($"{scales.Length} scales for a bias of {source.Length} values.", nameof(scales));
        for (int i = 0; i < source.Length; i++)
            destination[i] = ScalarQuantizeKernels.QuantizeOne(source[i], scales[scales.Length == 1 ? 0 : i], 0, -int.MaxValue, int.MaxValue, arithmetic);
    }

    internal static void PerTensor<T>(ReadOnlySpan<float> source, Span<T> destination, float scale, int zeroPoint,
        QuantizeArithmetic arithmetic, bool narrowRange, bool simd = true) where T : unmanaged
    {
        RequireSameLength(source.Length, destination.Length);
        var (qmin, qmax) = QuantizeDriver.Range<T>(narrowRange);
        RequireZeroPoint(zeroPoint, qmin, qmax);
        Run(source, destination, scale, zeroPoint, qmin, qmax, arithmetic, simd);
    }

    internal static void PerChannel<T>(ReadOnlySpan<float> source, Span<T> destination, ChannelLayout layout, ReadOnlySpan<float> scales,
        ReadOnlySpan<int> zeroPoints, QuantizeArithmetic arithmetic, bool narrowRange, bool simd = true) where T : unmanaged
    {
        layout.Require(source.Length, destination.Length, scales.Length, zeroPoints.Length);
        var (qmin, qmax) = QuantizeDriver.Range<T>(narrowRange);
        foreach (int z in zeroPoints) RequireZeroPoint(z, qmin, qmax);
        int inner = layout.Inner, at = 0;
        for (int o = 0; o < layout.Outer; o++)
            for (int c = 0; c < layout.Channels; c++, at += inner)
                Run(source.Slice(at, inner), destination.Slice(at, inner), scales[c], zeroPoints.IsEmpty ? 0 : zeroPoints[c], qmin, qmax, arithmetic, simd);
    }

    private static void Run<T>(ReadOnlySpan<float> source, Span<T> destination, float scale, int zeroPoint, int qmin, int qmax,
        QuantizeArithmetic arithmetic, bool simd) where T : unmanaged
    {
        switch (arithmetic)
        {
            case QuantizeArithmetic.Divide:
                QuantizeDriver.Run(source, destination, new Float32Lanes(scale, zeroPoint, qmin, qmax, divide: true), simd);
                break;
            case QuantizeArithmetic.MultiplyByReciprocal:
                QuantizeDriver.Run(source, destination, new Float32Lanes(scale, zeroPoint, qmin, qmax, divide: false), simd);
                break;
            case QuantizeArithmetic.DivideInDouble:
                QuantizeDriver.Run(source, destination, new Float64Lanes(scale, zeroPoint, qmin, qmax), simd);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(arithmetic), arithmetic, null);
        }
    }

    private static void RequireSameLength(int source, int destination)
    {
        if (source != destination)
            throw new ArgumentException($"The source has {source} elements but the destination {destination}.");
    }

    private static void RequireZeroPoint(int zeroPoint, int qmin, int qmax)
    {
        if (zeroPoint < qmin || zeroPoint > qmax)
            throw new ArgumentOutOfRangeException(nameof(zeroPoint), zeroPoint, $"The zero point must lie in [{qmin}, {qmax}].");
    }
}
