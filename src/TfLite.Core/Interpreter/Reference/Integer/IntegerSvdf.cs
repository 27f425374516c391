using System.Numerics;
using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>Parameters of TFLite Micro's integer SVDF.</summary>
/// <param name="Rank">Filters per output unit.</param>
/// <param name="InputZeroPoint">The input zero point.</param>
/// <param name="StateZeroPoint">The activation state's zero point (0 for int16 state).</param>
/// <param name="OutputZeroPoint">The output zero point.</param>
/// <param name="FeatureScale">input scale x feature-weights scale / state scale.</param>
/// <param name="OutputScale">state scale x time-weights scale / output scale.</param>
/// <param name="Rounding">Requantization rounding.</param>
public readonly record struct SvdfParams(int Rank, int InputZeroPoint, int StateZeroPoint, int OutputZeroPoint,
    QuantizedMultiplier FeatureScale, QuantizedMultiplier OutputScale, RoundingMode Rounding)
{
    /// <summary>TFLite Micro's prepare step: both scale ratios formed in float, then quantized.</summary>
    public static SvdfParams Create(int rank, float inputScale, int inputZeroPoint, float featureWeightsScale,
        float stateScale, int stateZeroPoint, float timeWeightsScale, float outputScale, int outputZeroPoint,
        RoundingMode rounding = RoundingMode.Double) =>
        new(rank, inputZeroPoint, stateZeroPoint, outputZeroPoint,
            QuantizedMultiplier.Quantize(inputScale * featureWeightsScale / stateScale, rounding),
            QuantizedMultiplier.Quantize(stateScale * timeWeightsScale / outputScale, rounding), rounding);
}

/// <summary>
/// TFLite Micro's integer SVDF (<c>EvalIntegerSvdfReference</c>): the state, <c>[batch, filters, memory]</c>, shifts
/// one step back; the feature matmul writes each filter's newest entry; the time matmul and the rank reduction give
/// the output. The state is int16 or int8 (with a zero point), like the time weights.
/// </summary>
public static class IntegerSvdf
{
    /// <summary>One step of the SVDF; <paramref name="state"/> is updated in place.</summary>
    public static void Svdf<TState>(in SvdfParams p, int batches, int inputSize, int filters, int memory,
        ReadOnlySpan<sbyte> input, ReadOnlySpan<sbyte> featureWeights, ReadOnlySpan<TState> timeWeights,
        ReadOnlySpan<int> bias, Span<TState> state, Span<sbyte> output)
        where TState : unmanaged, IBinaryInteger<TState>, IMinMaxValue<TState>
    {
        int units = filters / p.Rank;
        ShapeChecks.Length(input.Length, batches * inputSize, nameof(input));
        ShapeChecks.Length(featureWeights.Length, filters * inputSize, nameof(featureWeights));
        ShapeChecks.Length(timeWeights.Length, filters * memory, nameof(timeWeights));
        ShapeChecks.Length(state.Length, batches * filters * memory, nameof(state));
        ShapeChecks.Length(output.Length, batches * units, nameof(output));
        ShapeChecks.Bias(bias.Length, units);

        // Every entry moves one step back; the last ones are overwritten just below.
        var all = state[..(batches * filters * memory)];
        all[1..].CopyTo(all);

        int stateMin = int.CreateTruncating(TState.MinValue), stateMax = int.CreateTruncating(TState.MaxValue);
        for (int b = 0; b < batches; b++)
        {
            var x = input.Slice(b * inputSize, inputSize);
            for (int f = 0; f < filters; f++)
            {
                var w = featureWeights.Slice(f * inputSize, inputSize);
                int dot = 0;
                for (int c = 0; c < inputSize; c++) dot = unchecked(dot + w[c] * (x[c] - p.InputZeroPoint));
                dot = Requantize.MultiplyByQuantizedMultiplier(dot, p.FeatureScale.Multiplier, p.FeatureScale.Shift, p.Rounding);
                state[(b * filters + f) * memory + memory - 1] =
                    TState.CreateTruncating(TfLiteMath.ClampToRange(unchecked(p.StateZeroPoint + dot), stateMin, stateMax));
            }
        }

        var scratch = new int[filters];
        for (int b = 0; b < batches; b++)
        {
            for (int f = 0; f < filters; f++)
            {
                var s = state.Slice((b * filters + f) * memory, memory);
                var w = timeWeights.Slice(f * memory, memory);
                int sum = 0;
                for (int j = 0; j < memory; j++)
                    sum = unchecked(sum + int.CreateTruncating(w[j]) * (int.CreateTruncating(s[j]) - p.StateZeroPoint));
                scratch[f] = sum;
            }
            for (int u = 0; u < units; u++)
            {
                int acc = bias.IsEmpty ? 0 : bias[u];
                for (int k = 0; k < p.Rank; k++) acc = unchecked(acc + scratch[u * p.Rank + k]);
                int value = unchecked(Requantize.MultiplyByQuantizedMultiplier(acc, p.OutputScale.Multiplier,
                    p.OutputScale.Shift, p.Rounding) + p.OutputZeroPoint);
                output[b * units + u] = TfLiteMath.SaturateToInt8(value);
            }
        }
    }
}
