using System.Numerics;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>
/// XNNPACK's 8-bit rescaling by a 16-bit multiplier (its qs8/qu8 LEAKY_RELU and requantizing CONVERT kernels, which
/// LiteRT runs for those TFLite operators): the multiplier is 256 × scale rounded half to even, and
/// q_out = clamp(zp_out + floor(((q_in − zp_in) × multiplier + 128) / 256)). XNNPACK takes only scales whose magnitude
/// lies in [2^-8, 2^7]; TFLite keeps the other nodes on its own kernels.
/// </summary>
/// <param name="InputZeroPoint">Subtracted from every input.</param>
/// <param name="OutputZeroPoint">Added to every output.</param>
/// <param name="Positive">Multiplier for inputs above the input zero point.</param>
/// <param name="Negative">Multiplier for inputs below it (equal to <paramref name="Positive"/> for a plain rescale).</param>
public readonly record struct XnnpackRescale(int InputZeroPoint, int OutputZeroPoint, int Positive, int Negative)
{
    /// <summary>
    /// The parameters for input scale / output scale (and that ratio × <paramref name="negativeSlope"/> below the zero
    /// point), formed in float32 as XNNPACK does; null when a scale is outside the range XNNPACK accepts.
    /// </summary>
    public static XnnpackRescale? Create(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint,
        float negativeSlope = 1f)
    {
        float positive = inputScale / outputScale;
        float negative = positive * negativeSlope;
        if (!Accepts(positive) || !Accepts(negative)) return null;
        return new XnnpackRescale(inputZeroPoint, outputZeroPoint, Multiplier(positive), Multiplier(negative));
    }

    private static bool Accepts(float scale) => float.IsNormal(scale) && Math.Abs(scale) is >= 1f / 256 and <= 128f;

    private static int Multiplier(float scale) => (int)MathF.Round(256f * scale, MidpointRounding.ToEven);

    /// <summary>Rescales every element into the output type's range.</summary>
    public void Apply<T>(ReadOnlySpan<T> input, Span<T> output) where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        ShapeChecks.Length(output.Length, input.Length, nameof(output));
        int min = int.CreateTruncating(T.MinValue), max = int.CreateTruncating(T.MaxValue);
        for (int i = 0; i < input.Length; i++)
        {
            int x = int.CreateTruncating(input[i]) - InputZeroPoint;
            int scaled = OutputZeroPoint + ((x * (x < 0 ? Negative : Positive) + 128) >> 8);
            output[i] = T.CreateTruncating(Math.Clamp(scaled, min, max));
        }
    }
}
