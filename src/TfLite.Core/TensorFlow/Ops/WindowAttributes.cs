using TfLite.Core.Graph;
using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>The NHWC window attributes of convolutions and pools: strides, dilations, SAME/VALID padding.</summary>
/// <param name="Padding">TFLite padding.</param>
/// <param name="StrideH">Stride along the height.</param>
/// <param name="StrideW">Stride along the width.</param>
/// <param name="DilationH">Dilation along the height.</param>
/// <param name="DilationW">Dilation along the width.</param>
public sealed record WindowAttributes(Padding Padding, int StrideH, int StrideW, int DilationH, int DilationW)
{
    /// <summary>Reads <c>strides</c>, <c>dilations</c>, <c>padding</c> and <c>data_format</c> (NHWC only).</summary>
    public static WindowAttributes Of(TfNodeContext c)
    {
        var format = c.Attr.String("data_format", "NHWC");
        if (format != "NHWC") throw c.Unsupported($"data_format '{format}' (only NHWC graphs are converted)");
        var strides = c.Attr.Ints("strides", [1, 1, 1, 1]);
        var dilations = c.Attr.Ints("dilations", [1, 1, 1, 1]);
        if (strides.Length != 4 || strides[0] != 1 || strides[3] != 1) throw c.Unsupported($"strides [{string.Join(",", strides)}]");
        if (dilations.Length != 4 || dilations[0] != 1 || dilations[3] != 1) throw c.Unsupported($"dilations [{string.Join(",", dilations)}]");
        var padding = c.Attr.String("padding") switch
        {
            "SAME" => Padding.Same,
            "VALID" => Padding.Valid,
            var other => throw c.Unsupported($"padding '{other}'"),
        };
        return new WindowAttributes(padding, strides[1], strides[2], dilations[1], dilations[2]);
    }

    /// <summary>NHWC output dims for an input of <paramref name="input"/> dims, a window of kh x kw and
    /// <paramref name="channels"/> output channels.</summary>
    public int[] OutputDims(int[] input, int kh, int kw, int channels) =>
        [input[0], Length(input[1], kh, StrideH, DilationH), Length(input[2], kw, StrideW, DilationW), channels];

    private int Length(int size, int window, int stride, int dilation)
    {
        if (size < 0) return -1;
        var effective = (window - 1) * dilation + 1;
        return Padding == Padding.Same ? (size + stride - 1) / stride : Math.Max(0, (size - effective + stride) / stride);
    }
}
