using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>
/// TimeDistributed(layer): Dense runs directly on the [N, T, ...] input (FULLY_CONNECTED with keep_num_dims, as
/// TensorFlow emits it); any other layer runs on the input reshaped to [N*T, ...] and its output is reshaped back to
/// [N, T, ...].
/// </summary>
public sealed class TimeDistributedConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["TimeDistributed"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        var inner = c.WrappedLayer();
        var dims = c.InputDims;
        if (dims.Length < 3) throw c.Unsupported($"input shape {Shape.Format(dims)} has no time dimension");
        if (inner.ClassName == "Dense") return c.ConvertWrapped(inner, [c.Input]);
        var steps = c.KnownDim(dims, 1, "time");
        var merged = ReshapeOps.Reshape(c, c.Input, [dims[0] < 0 ? -1 : dims[0] * steps, .. dims[2..]], "merge_time");
        var outputs = c.ConvertWrapped(inner, [merged]);
        return outputs.Select((y, i) =>
            ReshapeOps.Reshape(c, y, [dims[0], steps, .. LayerContext.DimsOf(y)[1..]], $"split_time{(i == 0 ? "" : i.ToString())}")).ToList();
    }
}
