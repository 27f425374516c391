using TfLite.Core.Graph;
using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>MaxPool and AvgPool (NHWC, window and strides over height and width) -> MAX_POOL_2D, AVERAGE_POOL_2D.</summary>
public sealed class PoolingOps : ITfOpConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> OpTypes { get; } = ["MaxPool", "AvgPool"];

    /// <inheritdoc />
    public IReadOnlyList<TfValue> Convert(TfNodeContext c)
    {
        var window = WindowAttributes.Of(c);
        var ksize = c.Attr.Ints("ksize");
        if (ksize.Length != 4 || ksize[0] != 1 || ksize[3] != 1) throw c.Unsupported($"ksize [{string.Join(",", ksize)}]");
        var x = c.Input(0);
        if (x.Dims.Length != 4) throw c.Invalid($"needs a 4-D input, not {Shape.Format(x.Dims)}");
        var code = c.Node.Op == "MaxPool" ? BuiltinOperator.MaxPool2D : BuiltinOperator.AveragePool2D;
        return [c.Emit(code, [c.Tensor(0)], window.OutputDims(x.Dims, ksize[1], ksize[2], x.Dims[3]), new Pool2DOptions
        {
            Padding = window.Padding, StrideH = window.StrideH, StrideW = window.StrideW, FilterHeight = ksize[1], FilterWidth = ksize[2],
        })];
    }
}
