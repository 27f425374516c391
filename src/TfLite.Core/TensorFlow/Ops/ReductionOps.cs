using TfLite.Core.Graph;
using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>Mean, Sum, Max over constant axes -> MEAN, SUM, REDUCE_MAX (keep_dims kept).</summary>
public sealed class ReductionOps : ITfOpConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> OpTypes { get; } = ["Mean", "Sum", "Max"];

    /// <inheritdoc />
    public IReadOnlyList<TfValue> Convert(TfNodeContext c)
    {
        var x = c.Input(0);
        var axes = AxisList.Normalize(c, c.Constant(1).IntValues(), x.Dims.Length);
        var keep = c.Attr.Bool("keep_dims");
        var dims = keep ? x.Dims.Select((d, i) => axes.Contains(i) ? 1 : d).ToArray() : x.Dims.Where((_, i) => !axes.Contains(i)).ToArray();
        var code = c.Node.Op switch { "Sum" => BuiltinOperator.Sum, "Max" => BuiltinOperator.ReduceMax, _ => BuiltinOperator.Mean };
        var axisTensor = c.Materialize(TfValue.Constant([.. axes.Select(a => (long)a)], [axes.Length]), $"{c.Node.Name}/axes");
        return [c.Emit(code, [c.Tensor(0), axisTensor], dims, new ReducerOptions { KeepDims = keep })];
    }
}
