using System.Runtime.CompilerServices;
using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>
/// The last step of TFLite's integer kernels: scale the accumulator by a per-channel (or per-tensor) quantized
/// multiplier, add the output zero point and clamp to the fused activation's range. A stage made by
/// <see cref="ForFloatConvolution"/> scales in float32 instead, as XNNPACK's 8-bit kernels do.
/// </summary>
public readonly struct OutputStage
{
    private readonly int[] _multipliers;
    private readonly int[] _shifts;
    private readonly float[]? _floatScales;

    /// <summary>Creates the stage. Arrays of length one apply to every channel.</summary>
    /// <param name="multipliers">Q0.31 mantissas, one per output channel or one for all.</param>
    /// <param name="shifts">Power-of-two shifts (positive = left), same length as <paramref name="multipliers"/>.</param>
    /// <param name="outputOffset">The output zero point.</param>
    /// <param name="activationMin">Lower clamp, in output units.</param>
    /// <param name="activationMax">Upper clamp, in output units.</param>
    /// <param name="rounding">Requantization rounding for 32-bit accumulators.</param>
    public OutputStage(int[] multipliers, int[] shifts, int outputOffset, int activationMin, int activationMax,
        RoundingMode rounding)
    {
        if (multipliers.Length != shifts.Length || multipliers.Length == 0)
            throw new ArgumentException("One shift per multiplier, and at least one, are needed.", nameof(shifts));
        _multipliers = multipliers;
        _shifts = shifts;
        OutputOffset = outputOffset;
        ActivationMin = activationMin;
        ActivationMax = activationMax;
        Rounding = rounding;
    }

    private OutputStage(in OutputStage fixedPoint, float[] floatScales) : this(fixedPoint._multipliers, fixedPoint._shifts,
        fixedPoint.OutputOffset, fixedPoint.ActivationMin, fixedPoint.ActivationMax, fixedPoint.Rounding) =>
        _floatScales = floatScales;

    /// <summary>A stage with one multiplier for the whole tensor.</summary>
    public static OutputStage PerTensor(QuantizedMultiplier multiplier, int outputOffset, int activationMin,
        int activationMax, RoundingMode rounding) =>
        new([multiplier.Multiplier], [multiplier.Shift], outputOffset, activationMin, activationMax, rounding);

    /// <summary>
    /// TFLite's <c>PopulateConvolutionQuantizationParams</c>: one multiplier per output channel,
    /// input scale x filter scale / output scale in double (a single filter scale serves every channel).
    /// </summary>
    public static OutputStage ForConvolution(float inputScale, ReadOnlySpan<float> filterScales, float outputScale,
        int channels, int outputOffset, int activationMin, int activationMax, RoundingMode rounding)
    {
        var multipliers = new int[channels];
        var shifts = new int[channels];
        for (int c = 0; c < channels; c++)
        {
            double filterScale = filterScales.Length == 1 ? filterScales[0] : filterScales[c];
            var q = QuantizedMultiplier.Quantize((double)inputScale * filterScale / outputScale, rounding);
            (multipliers[c], shifts[c]) = (q.Multiplier, q.Shift);
        }
        return new OutputStage(multipliers, shifts, outputOffset, activationMin, activationMax, rounding);
    }

    /// <summary>
    /// XNNPACK's fp32 requantization of 8-bit convolutions and fully connected layers (what LiteRT runs): per channel
    /// the float32 scale input scale × filter scale / output scale, evaluated in float32 left to right; an accumulator
    /// becomes float32, is multiplied by that scale, clamped and rounded half to even. The fixed-point multipliers of
    /// <see cref="ForConvolution"/> (single rounding) are kept for 64-bit accumulators.
    /// </summary>
    public static OutputStage ForFloatConvolution(float inputScale, ReadOnlySpan<float> filterScales, float outputScale,
        int channels, int outputOffset, int activationMin, int activationMax)
    {
        var scales = new float[channels];
        for (int c = 0; c < channels; c++)
            scales[c] = inputScale * (filterScales.Length == 1 ? filterScales[0] : filterScales[c]) / outputScale;
        return new OutputStage(ForConvolution(inputScale, filterScales, outputScale, channels, outputOffset, activationMin,
            activationMax, RoundingMode.Single), scales);
    }

    /// <summary>
    /// TFLite's <c>GetQuantizedConvolutionMultipler</c> (per-tensor FULLY_CONNECTED and uint8 kernels): the product of
    /// input and filter scales is taken in float, then divided by the output scale in double.
    /// </summary>
    public static OutputStage ForPerTensorProduct(float inputScale, float filterScale, float outputScale,
        int outputOffset, int activationMin, int activationMax, RoundingMode rounding) =>
        PerTensor(QuantizedMultiplier.Quantize((double)(inputScale * filterScale) / outputScale, rounding),
            outputOffset, activationMin, activationMax, rounding);

    /// <summary>The output zero point added after scaling.</summary>
    public int OutputOffset { get; }

    /// <summary>Lower clamp in output units.</summary>
    public int ActivationMin { get; }

    /// <summary>Upper clamp in output units.</summary>
    public int ActivationMax { get; }

    /// <summary>Rounding of 32-bit requantization.</summary>
    public RoundingMode Rounding { get; }

    /// <summary>
    /// Scale every accumulator, 32 or 64 bits, by the full Q0.31 multiplier with one rounding, half up. LiteRT's
    /// int16x8 FULLY_CONNECTED does this; TFLite's int16x8 convolutions and TFLite Micro reduce the multiplier of
    /// 64-bit accumulators to 15 bits first (the default, false).
    /// </summary>
    public bool FullMultiplier { get; init; }

    /// <summary>The Q0.31 mantissas, one per channel or one for all (for vectorized requantization).</summary>
    internal ReadOnlySpan<int> Multipliers => _multipliers;

    /// <summary>The power-of-two shifts matching <see cref="Multipliers"/>.</summary>
    internal ReadOnlySpan<int> Shifts => _shifts;

    /// <summary>The float32 scales per output channel of a <see cref="ForFloatConvolution"/> stage, else empty.</summary>
    internal ReadOnlySpan<float> FloatScales => _floatScales;

    /// <summary>Number of channels with their own multiplier (1 for per-tensor).</summary>
    public int ChannelCount => _multipliers.Length;

    /// <summary>
    /// The same stage for outputs stored <paramref name="delta"/> away (uint8 values stored as int8: -128). Only the
    /// zero point and the clamp move, so every output moves by exactly delta, unless the scaled value plus the zero
    /// point wraps around int32 in one stage and not in the other.
    /// </summary>
    internal OutputStage ShiftOutput(int delta)
    {
        var shifted = new OutputStage(_multipliers, _shifts, OutputOffset + delta, ActivationMin + delta,
            ActivationMax + delta, Rounding) { FullMultiplier = FullMultiplier };
        return _floatScales is null ? shifted : new OutputStage(shifted, _floatScales) { FullMultiplier = FullMultiplier };
    }

    /// <summary>Output value for a 32-bit accumulator of a channel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Apply(int accumulator, int channel)
    {
        int c = _multipliers.Length == 1 ? 0 : channel;
        if (_floatScales is not null) return ApplyFloat(accumulator, _floatScales[c]);
        int scaled = FullMultiplier
            ? Requantize.MultiplyByFullQuantizedMultiplier(accumulator, _multipliers[c], _shifts[c])
            : Requantize.MultiplyByQuantizedMultiplier(accumulator, _multipliers[c], _shifts[c], Rounding);
        return TfLiteMath.ClampToRange(unchecked(scaled + OutputOffset), ActivationMin, ActivationMax);
    }

    // Clamping to the integer bounds before rounding gives what rounding first would, and keeps the conversion in range.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ApplyFloat(int accumulator, float scale)
    {
        float scaled = Math.Clamp(accumulator * scale, ActivationMin - OutputOffset, ActivationMax - OutputOffset);
        return (int)MathF.Round(scaled, MidpointRounding.ToEven) + OutputOffset;
    }

    /// <summary>Output value for a 64-bit accumulator of a channel (int16x8 kernels with int64 bias).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Apply(long accumulator, int channel)
    {
        int c = _multipliers.Length == 1 ? 0 : channel;
        int scaled = FullMultiplier
            ? Requantize.MultiplyByFullQuantizedMultiplier(accumulator, _multipliers[c], _shifts[c])
            : Requantize.MultiplyByQuantizedMultiplier(accumulator, _multipliers[c], _shifts[c]);
        return TfLiteMath.ClampToRange(unchecked(scaled + OutputOffset), ActivationMin, ActivationMax);
    }

    /// <summary>Output value for an accumulator of either width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Apply<TAcc>(TAcc accumulator, int channel) where TAcc : struct =>
        typeof(TAcc) == typeof(long)
            ? Apply(Unsafe.As<TAcc, long>(ref accumulator), channel)
            : Apply(Unsafe.As<TAcc, int>(ref accumulator), channel);
}
