namespace TfLite.Core.TensorFlow.Ops;

/// <summary>
/// A FakeQuant node's range after TensorFlow's nudging: the zero point is rounded onto the integer grid
/// [quant_min, quant_max] (quant_min = 1 with narrow_range, else 0; quant_max = 2^num_bits - 1) and min/max moved to
/// match, so that 0 is exactly representable. This is the range the quantized tensor really has.
/// </summary>
/// <param name="Min">The nudged lower end.</param>
/// <param name="Max">The nudged upper end.</param>
/// <param name="Scale">The step between two quantized values.</param>
public readonly record struct FakeQuantRange(float Min, float Max, float Scale)
{
    /// <summary>Nudges [min, max] as TensorFlow's FakeQuant kernels do (in float32).</summary>
    public static FakeQuantRange Nudge(float min, float max, int numBits, bool narrowRange)
    {
        float quantMin = narrowRange ? 1 : 0;
        float quantMax = (1 << numBits) - 1;
        var scale = (max - min) / (quantMax - quantMin);
        var zeroPointFromMin = quantMin - min / scale;
        var zeroPoint = zeroPointFromMin < quantMin ? quantMin : zeroPointFromMin > quantMax ? quantMax : MathF.Round(zeroPointFromMin, MidpointRounding.AwayFromZero);
        return new FakeQuantRange((quantMin - zeroPoint) * scale, (quantMax - zeroPoint) * scale, scale);
    }

    /// <summary>What FakeQuant outputs for <paramref name="x"/>: clamped to the range and rounded to its grid.</summary>
    public float Apply(float x)
    {
        var clamped = Math.Clamp(x, Min, Max);
        return MathF.Floor((clamped - Min) * (1f / Scale) + 0.5f) * Scale + Min;
    }
}
