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
}
