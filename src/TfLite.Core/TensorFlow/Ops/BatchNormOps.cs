using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>FusedBatchNorm, V2 and V3 at inference -> x * scale + offset per channel, with scale = gamma / sqrt(var +
/// epsilon) and offset = beta - mean * scale computed now; the graph passes fold both into the convolution before.</summary>
public sealed class BatchNormOps : ITfOpConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> OpTypes { get; } = ["FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3"];

    /// <inheritdoc />
    public IReadOnlyList<TfValue> Convert(TfNodeContext c)
    {
        if (c.Attr.Bool("is_training")) throw c.Unsupported("is_training=true (export the inference graph)");
        if (c.Attr.String("data_format", "NHWC") != "NHWC") throw c.Unsupported("data_format NCHW");
        var x = c.Input(0);
        var (gamma, beta, mean, variance) = (c.Constant(1).FloatValues(), c.Constant(2).FloatValues(), c.Constant(3).FloatValues(), c.Constant(4).FloatValues());
        var epsilon = c.Attr.Float("epsilon", 1e-4f);
        var channels = gamma.Length;
        if (beta.Length != channels || mean.Length != channels || variance.Length != channels || (x.Dims[^1] >= 0 && x.Dims[^1] != channels))
            throw c.Invalid($"has parameters of {channels}, {beta.Length}, {mean.Length} and {variance.Length} channels for an input of {Graph.Shape.Format(x.Dims)}");
        var scale = new float[channels];
        var offset = new float[channels];
        for (var i = 0; i < channels; i++)
        {
            scale[i] = gamma[i] / MathF.Sqrt(variance[i] + epsilon);
            offset[i] = beta[i] - mean[i] * scale[i];
        }
        var scaled = c.Emit(Graph.BuiltinOperator.Mul, [c.Tensor(0), c.Materialize(TfValue.Constant(scale, [channels]), $"{c.Node.Name}/scale")], x.Dims, new Graph.MulOptions());
        return [c.Emit(Graph.BuiltinOperator.Add, [scaled.Tensor, c.Materialize(TfValue.Constant(offset, [channels]), $"{c.Node.Name}/offset")], x.Dims, new Graph.AddOptions())];
    }
}
