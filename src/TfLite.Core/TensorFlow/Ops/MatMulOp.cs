using TfLite.Core.Graph;
using TfLite.Core.Keras.Layers;
using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>MatMul of a run-time [N, K] input and constant weights -> FULLY_CONNECTED with weights [units, K]
/// (TensorFlow's [K, units] transposed, or taken as they are under <c>transpose_b</c>) and a zero bias that a
/// following BiasAdd is folded into.</summary>
public sealed class MatMulOp : ITfOpConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> OpTypes { get; } = ["MatMul"];

    /// <inheritdoc />
    public IReadOnlyList<TfValue> Convert(TfNodeContext c)
    {
        if (c.Attr.Bool("transpose_a")) throw c.Unsupported("transpose_a");
        var x = c.Input(0);
        var w = c.Constant(1);
        if (x.Dims.Length != 2 || w.Dims.Length != 2) throw c.Invalid($"needs 2-D operands, not {Shape.Format(x.Dims)} and {Shape.Format(w.Dims)}");
        var transposed = c.Attr.Bool("transpose_b");
        var (k, units) = transposed ? (w.Dims[1], w.Dims[0]) : (w.Dims[0], w.Dims[1]);
        if (x.Dims[1] >= 0 && x.Dims[1] != k) throw c.Invalid($"multiplies {Shape.Format(x.Dims)} by weights of {k} rows");
        var values = transposed ? w.FloatValues() : WeightLayout.DenseToFullyConnected(w.FloatValues(), k, units);
        var weights = c.Builder.AddConstant($"{c.Node.Name}/weights", TensorType.Float32, [units, k], values.AsSpan());
        weights.WeightGrid = w.WeightGrid;
        var bias = c.Builder.AddConstant($"{c.Node.Name}/bias", TensorType.Float32, [units], new float[units].AsSpan());
        return [c.Emit(BuiltinOperator.FullyConnected, [c.Tensor(0), weights, bias], [x.Dims[0], units], new FullyConnectedOptions())];
    }
}
