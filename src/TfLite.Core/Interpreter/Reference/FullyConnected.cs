using TfLite.Core.Interpreter.Simd;

namespace TfLite.Core.Interpreter.Reference;

/// <summary>
/// Float FULLY_CONNECTED as TFLite's reference kernel: out[b, o] = clamp(sum_d in[b, d] * w[o, d] + bias[o]),
/// the sum running over d in order from 0.
/// </summary>
internal static class FullyConnected
{
    public static void Float(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        Span<float> output, int batches, int depth, int outputDepth, float actMin, float actMax, int batchStart = 0, int batchEnd = -1)
    {
        if (batchEnd < 0) batchEnd = batches;
        for (int b = batchStart; b < batchEnd; b++)
            for (int o = 0; o < outputDepth; o++)
            {
                float total = 0f;
                var x = input.Slice(b * depth, depth);
                var w = weights.Slice(o * depth, depth);
                for (int d = 0; d < depth; d++) total += x[d] * w[d];
                float biasValue = bias.IsEmpty ? 0f : bias[o];
                output[b * outputDepth + o] = FloatActivation.Clamp(total + biasValue, actMin, actMax);
            }
    }

    /// <summary>The same sums vectorized across output units, with weights pre-transposed to [depth, units]
    /// (<see cref="Transpose"/>) and a bias of zeros when the op has none.</summary>
    public static void FloatAcrossUnits(ReadOnlySpan<float> input, ReadOnlySpan<float> weightsT, ReadOnlySpan<float> bias,
        Span<float> output, int batches, int depth, int outputDepth, float actMin, float actMax, bool simd = true, int batchStart = 0, int batchEnd = -1)
    {
        if (batchEnd < 0) batchEnd = batches;
        for (int b = batchStart; b < batchEnd; b++)
        {
            var acc = output.Slice(b * outputDepth, outputDepth);
            acc.Clear();
            var x = input.Slice(b * depth, depth);
            for (int d = 0; d < depth; d++)
                SimdDriver.MultiplyAccumulate(acc, x[d], weightsT.Slice(d * outputDepth, outputDepth), simd);
            SimdDriver.BiasAndClamp(acc, bias, actMin, actMax, acc, simd);
        }
    }

    /// <summary>[rows, cols] -> [cols, rows].</summary>
    public static float[] Transpose(ReadOnlySpan<float> m, int rows, int cols)
    {
        var r = new float[m.Length];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) r[j * rows + i] = m[i * cols + j];
        return r;
    }
}
