using TfLite.Core.Graph;
using TfLite.Core.Keras.Layers;
using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>Conv2D -> CONV_2D (filter HWIO -> OHWI) and DepthwiseConv2dNative -> DEPTHWISE_CONV_2D (filter HWIM ->
/// 1 x H x W x I*M), each with a zero bias that a following BiasAdd is folded into.</summary>
public sealed class ConvolutionOps : ITfOpConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> OpTypes { get; } = ["Conv2D", "DepthwiseConv2dNative"];

    /// <inheritdoc />
    public IReadOnlyList<TfValue> Convert(TfNodeContext c)
    {
        var window = WindowAttributes.Of(c);
        var x = c.Input(0);
        var filter = c.Constant(1);
        if (x.Dims.Length != 4 || filter.Dims.Length != 4) throw c.Invalid($"needs a 4-D input and filter, not {Shape.Format(x.Dims)} and {Shape.Format(filter.Dims)}");
        int[] hwio = filter.Dims;
        var (kh, kw, inChannels, m) = (hwio[0], hwio[1], hwio[2], hwio[3]);
        var values = filter.FloatValues();
        if (c.Node.Op == "Conv2D")
        {
            if (x.Dims[3] > 0 && x.Dims[3] % inChannels != 0) throw c.Invalid($"has {x.Dims[3]} input channels for a filter of {inChannels}");
            var weights = c.Builder.AddConstant($"{c.Node.Name}/filter", TensorType.Float32, [m, kh, kw, inChannels], WeightLayout.HwioToOhwi(values, hwio).AsSpan());
            weights.WeightGrid = filter.WeightGrid;
            var bias = c.Builder.AddConstant($"{c.Node.Name}/bias", TensorType.Float32, [m], new float[m].AsSpan());
            return [c.Emit(BuiltinOperator.Conv2D, [c.Tensor(0), weights, bias], window.OutputDims(x.Dims, kh, kw, m), new Conv2DOptions
            {
                Padding = window.Padding, StrideH = window.StrideH, StrideW = window.StrideW, DilationH = window.DilationH, DilationW = window.DilationW,
            })];
        }
        // HWIM laid out row-major is already 1 x H x W x (I*M) with channel i*M + m.
        var depthwise = c.Builder.AddConstant($"{c.Node.Name}/filter", TensorType.Float32, [1, kh, kw, inChannels * m], values.AsSpan());
        depthwise.WeightGrid = filter.WeightGrid;
        var zero = c.Builder.AddConstant($"{c.Node.Name}/bias", TensorType.Float32, [inChannels * m], new float[inChannels * m].AsSpan());
        return [c.Emit(BuiltinOperator.DepthwiseConv2D, [c.Tensor(0), depthwise, zero], window.OutputDims(x.Dims, kh, kw, inChannels * m), new DepthwiseConv2DOptions
        {
            Padding = window.Padding, StrideH = window.StrideH, StrideW = window.StrideW, DepthMultiplier = m,
            DilationH = window.DilationH, DilationW = window.DilationW,
        })];
    }
}
