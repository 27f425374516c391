using TfLite.Core.Data;
using TfLite.Core.Graph;
using TfLite.Core.Inference;

namespace TfLite.Core.Measurement;

/// <summary>Seeded random inputs for a model, one batch item per sample: float inputs uniform in [-1, 1],
/// quantized inputs uniform over the real range their scale and zero point can represent, integer inputs in [0, 10).</summary>
public static class RandomInputs
{
    /// <summary>Creates <paramref name="count"/> samples; the same seed gives the same values.</summary>
    public static IReadOnlyList<IReadOnlyList<NamedArray>> Create(TfLiteGraph graph, int count, int seed)
    {
        var random = new Random(seed);
        var samples = new List<IReadOnlyList<NamedArray>>(count);
        for (int s = 0; s < count; s++)
            samples.Add(graph.Inputs.Select(t => new NamedArray(null, Sample(t, random))).ToList());
        return samples;
    }

    private static NDArray Sample(Tensor input, Random random)
    {
        var shape = (input.ShapeSignature ?? input.Shape).Select(d => d < 0 ? 1 : d).ToArray();
        int n = (int)NDArray.CountOf(shape);
        if (input.Type is TensorType.Int32 or TensorType.Int64 or TensorType.Bool ||
            (input.Type.IsQuantizedType() && input.Quantization is not { IsQuantized: true }))
            return new NDArray(Enumerable.Range(0, n).Select(_ => random.Next(input.Type == TensorType.Bool ? 2 : 10)).ToArray(), shape);
        var (lo, hi) = RealRange(input);
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float)(lo + random.NextDouble() * (hi - lo));
        return new NDArray(values, shape);
    }

    private static (double Lo, double Hi) RealRange(Tensor t)
    {
        if (t.Quantization is not { IsQuantized: true } q || !t.Type.IsQuantizedType()) return (-1, 1);
        var (qmin, qmax) = t.Type switch
        {
            TensorType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
            TensorType.UInt8 => (byte.MinValue, byte.MaxValue),
            _ => (short.MinValue, (int)short.MaxValue),
        };
        return (q.Scale[0] * (qmin - q.ZeroPoint[0]), q.Scale[0] * (qmax - q.ZeroPoint[0]));
    }
}
