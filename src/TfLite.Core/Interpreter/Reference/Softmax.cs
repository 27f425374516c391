namespace TfLite.Core.Interpreter.Reference;

/// <summary>Float SOFTMAX and LOG_SOFTMAX over the last dimension, as TFLite's reference kernels.</summary>
internal static class Softmax
{
    public static void Float(ReadOnlySpan<float> input, Span<float> output, int depth, float beta)
    {
        for (int start = 0; start < input.Length; start += depth)
        {
            var x = input.Slice(start, depth);
            var y = output.Slice(start, depth);
            float max = float.MinValue;
            foreach (var v in x) max = max < v ? v : max;
            float sum = 0f;
            for (int c = 0; c < depth; c++)
            {
                float e = MathF.Exp((x[c] - max) * beta);
                y[c] = e;
                sum += e;
            }
            for (int c = 0; c < depth; c++) y[c] = y[c] / sum;
        }
    }

    public static void LogFloat(ReadOnlySpan<float> input, Span<float> output, int depth)
    {
        for (int start = 0; start < input.Length; start += depth)
        {
            var x = input.Slice(start, depth);
            var y = output.Slice(start, depth);
            float max = float.MinValue;
            foreach (var v in x) max = max < v ? v : max;
            float sum = 0f;
            foreach (var v in x) sum += MathF.Exp(v - max);
            float logSum = MathF.Log(sum);
            for (int c = 0; c < depth; c++) y[c] = x[c] - max - logSum;
        }
    }
}
