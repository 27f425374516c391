using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>The weight scales of a hybrid kernel (int8 weights, float activations) and its scratch buffers.</summary>
internal sealed class HybridWeights
{
    /// <summary>One scale per output channel, or null when all channels share <see cref="TensorScale"/>.</summary>
    public float[]? ChannelScales;
    public float TensorScale;
    public sbyte[] QuantizedInput = [];
    public float[] BatchScales = [];
    public int[] Offsets = [];

    public static string? Check(RuntimeTensor weights) =>
        weights.Quantization is { IsQuantized: true } q && q.ZeroPoint.All(z => z == 0) ? null
            : $"int8 weights '{weights.Name}' need symmetric quantization parameters for the hybrid kernel";

    /// <summary>Reads the scales; per channel only when they differ (as TFLite decides).</summary>
    public static HybridWeights Prepare(OpNode node, RuntimeTensor weights, int channels)
    {
        var scales = weights.Quantization!.Scale;
        var w = new HybridWeights { TensorScale = scales[0] };
        if (scales.Length > 1)
        {
            if (scales.Length != channels)
                throw node.Error("InvalidQuantization", $"{node.Describe()}: weights '{weights.Name}' have {scales.Length} scales for {channels} channels.");
            if (scales.Any(s => s != scales[0])) w.ChannelScales = scales;
        }
        return w;
    }

    /// <summary>Quantizes each batch row of the input; symmetric rows get offset 0.</summary>
    public void QuantizeInput(ReadOnlySpan<float> input, int batches, bool asymmetric)
    {
        int size = batches == 0 ? 0 : input.Length / batches;
        if (QuantizedInput.Length != input.Length) QuantizedInput = new sbyte[input.Length];
        if (BatchScales.Length != batches) { BatchScales = new float[batches]; Offsets = new int[batches]; }
        for (int b = 0; b < batches; b++)
        {
            var row = input.Slice(b * size, size);
            var q = QuantizedInput.AsSpan(b * size, size);
            if (asymmetric) (BatchScales[b], Offsets[b]) = HybridQuantization.Asymmetric(row, q);
            else { BatchScales[b] = HybridQuantization.Symmetric(row, q); Offsets[b] = 0; }
        }
    }
}

/// <summary>Eval of the hybrid CONV_2D paths (per-channel: asymmetric input rows; per-tensor: symmetric).</summary>
internal static class HybridConv
{
    public static void Eval(OpNode node, in ConvParams p, HybridWeights w, RuntimeTensor input, RuntimeTensor filter, RuntimeTensor? bias, RuntimeTensor output)
    {
        int batches = input.Shape[0];
        ReadOnlySpan<float> b = bias is null ? default : bias.AsSpan<float>();
        if (w.ChannelScales is { } scales)
        {
            w.QuantizeInput(input.AsSpan<float>(), batches, asymmetric: true);
            HybridMath.Conv(p, w.BatchScales, w.Offsets, input.Shape, w.QuantizedInput, filter.Shape,
                filter.AsSpan<sbyte>(), scales, b, output.Shape, output.Writable<float>());
        }
        else
        {
            w.QuantizeInput(input.AsSpan<float>(), batches, asymmetric: false);
            for (int i = 0; i < batches; i++) w.BatchScales[i] *= w.TensorScale;
            HybridMath.Conv(p, w.BatchScales, default, input.Shape, w.QuantizedInput, filter.Shape,
                filter.AsSpan<sbyte>(), default, b, output.Shape, output.Writable<float>());
        }
    }
}
