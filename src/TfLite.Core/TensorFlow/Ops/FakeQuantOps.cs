using TfLite.Core.Graph;
using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>
/// FakeQuantWithMinMaxVars, FakeQuantWithMinMaxVarsPerChannel and FakeQuantWithMinMaxArgs (quantization-aware
/// training, TF1 <c>tf.contrib.quantize</c> or tfmot). On a run-time tensor the node goes and its nudged range becomes
/// the tensor's <see cref="QuantizationParameters.Min"/>/<see cref="QuantizationParameters.Max"/>, which integer
/// quantization then uses instead of calibration; on constant weights the fake-quantized values are computed, so the
/// float model computes what training saw, and the grid's steps travel with them so that integer quantization can
/// store them without rounding them again.
/// </summary>
public sealed class FakeQuantOps : ITfOpConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> OpTypes { get; } = ["FakeQuantWithMinMaxVars", "FakeQuantWithMinMaxVarsPerChannel", "FakeQuantWithMinMaxArgs"];

    /// <inheritdoc />
    public IReadOnlyList<TfValue> Convert(TfNodeContext c)
    {
        var x = c.Input(0);
        var bits = (int)c.Attr.Int("num_bits", 8);
        if (bits is < 2 or > 16) throw c.Invalid($"has num_bits {bits}");
        var narrow = c.Attr.Bool("narrow_range");
        var (mins, maxs) = c.Node.Op == "FakeQuantWithMinMaxArgs"
            ? ([c.Attr.Float("min", -6f)], [c.Attr.Float("max", 6f)])
            : (c.Constant(1).FloatValues(), c.Constant(2).FloatValues());
        if (mins.Length != maxs.Length || mins.Length == 0 || (mins.Length > 1 && x.Dims[^1] != mins.Length))
            throw c.Invalid($"has {mins.Length} minima and {maxs.Length} maxima for a tensor of {Shape.Format(x.Dims)}");
        var ranges = new FakeQuantRange[mins.Length];
        for (var i = 0; i < ranges.Length; i++)
        {
            if (!float.IsFinite(mins[i]) || !float.IsFinite(maxs[i]) || mins[i] >= maxs[i])
                throw c.Invalid($"has the range [{mins[i]}, {maxs[i]}], which is not a finite, non-empty interval");
            ranges[i] = FakeQuantRange.Nudge(mins[i], maxs[i], bits, narrow);
        }

        if (x.IsConstant)
        {
            var values = x.FloatValues();
            var result = new float[values.Length];
            for (var i = 0; i < values.Length; i++) result[i] = ranges[i % ranges.Length].Apply(values[i]);
            return [TfValue.FakeQuantized(result, x.Dims, [.. ranges.Select(r => r.Scale).Distinct()])];
        }
        // Activations are quantized per tensor: a per-channel range covers all its channels.
        var tensor = x.Tensor!;
        tensor.Quantization ??= new QuantizationParameters();
        tensor.Quantization.Min = [ranges.Min(r => r.Min)];
        tensor.Quantization.Max = [ranges.Max(r => r.Max)];
        return [x];
    }
}
