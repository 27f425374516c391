using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>Dense -> FULLY_CONNECTED (weights [units, in], optional bias; keep_num_dims on inputs of rank &gt; 2,
/// as TensorFlow emits it), then the activation.</summary>
public sealed class DenseConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["Dense"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        c.Config.RequireOneOf("quantization_config");
        c.Config.RequireOneOf("lora_rank");
        var units = c.Config.GetInt("units");
        var useBias = c.Config.GetBool("use_bias", true);
        var dims = c.InputDims;
        if (dims.Length < 2) throw c.Unsupported($"input shape {Shape.Format(dims)} has no feature dimension");
        var inputs = c.KnownDim(dims, dims.Length - 1, "last");
        c.ExpectWeightCount(useBias ? 2 : 1);
        var kernel = c.Weight(0, "kernel", inputs, units);
        var weights = c.TransposedConstant(kernel, [inputs, units], WeightLayout.DenseToFullyConnectedOrder, [units, inputs], "kernel");
        var bias = useBias ? c.Constant(c.Weight(1, "bias", units).Values, [units], "bias") : null;
        var output = c.Emit(BuiltinOperator.FullyConnected, [c.Input, weights, bias], [.. dims[..^1], units],
            new FullyConnectedOptions { KeepNumDims = dims.Length > 2 });
        return [c.ApplyActivation(output)];
    }
}
