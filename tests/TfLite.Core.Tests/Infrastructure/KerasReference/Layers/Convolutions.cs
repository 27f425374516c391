namespace TfLite.Core.Tests.Infrastructure.KerasReference.Layers;

/// <summary>Conv1D/2D, DepthwiseConv2D, SeparableConv2D and Conv2DTranspose on channels-last data.</summary>
internal static class Convolutions
{
    /// <summary>Conv2D (or Conv1D when <paramref name="oneD"/>; the length axis is then treated as width).</summary>
    public static IRefLayer Conv(LayerConfig c, LayerWeights w, bool oneD)
    {
        RejectChannelsFirst(c);
        var dims = oneD ? 1 : 2;
        var filters = c.Int("filters", 0);
        var ks = c.Ints("kernel_size", dims, 1);
        var strides = c.Ints("strides", dims, 1);
        var dilation = c.Ints("dilation_rate", dims, 1);
        var groups = c.Int("groups", 1);
        var padding = c.String("padding", "valid");
        var kernel = w.Next("kernel", [.. ks, -1, filters]);
        var bias = c.Bool("use_bias", true) ? w.Next("bias", filters) : null;
        w.ExpectAllUsed();
        var act = c.Activation();
        if (oneD)
        {
            kernel = kernel.Reshape([1, ks[0], kernel.Shape[1], filters]);
            ks = [1, ks[0]];
            strides = [1, strides[0]];
            dilation = [1, dilation[0]];
        }
        return new UnaryLayer(x =>
        {
            var x4 = oneD ? x.Reshape(x.Shape[0], 1, x.Shape[1], x.Shape[2]) : x;
            if (padding == "causal")
            {
                // Causal: pad the front of the sequence by the dilated kernel extent, then a valid convolution.
                var left = (ks[1] - 1) * dilation[1];
                x4 = Reshaping.Pad(x4, [(0, 0), (0, 0), (left, 0), (0, 0)]);
            }
            var y = Conv2D(x4, kernel, bias, strides, dilation, padding == "causal" ? "valid" : padding, groups);
            if (oneD) y = y.Reshape(y.Shape[0], y.Shape[2], y.Shape[3]);
            return Activations.Apply(act, y, c.KerasMajor);
        });
    }

    /// <summary>Grouped 2-D convolution; kernel [KH, KW, C/groups, F].</summary>
    public static RefTensor Conv2D(RefTensor x, RefTensor kernel, RefTensor? bias, int[] strides, int[] dilation, string padding, int groups)
    {
        int ch = x.Shape[3], cg = kernel.Shape[2], f = kernel.Shape[3];
        if (cg * groups != ch) throw new ArgumentException($"Kernel input depth {cg} x {groups} groups != {ch} channels.");
        var fg = f / groups;
        return Slide(x, kernel.Shape[0], kernel.Shape[1], strides, dilation, padding, f, bias, (acc, xo, tap) =>
        {
            for (var ci = 0; ci < ch; ci++)
            {
                var xv = x.Data[xo + ci];
                var g = ci / cg;
                var ko = (tap * cg + ci % cg) * f;
                for (var fo = g * fg; fo < (g + 1) * fg; fo++) acc[fo] += xv * kernel.Data[ko + fo];
            }
        });
    }

    /// <summary>Slides a KH x KW window over [N, H, W, C] input: for each output position, starts from the bias and
    /// lets <paramref name="tap"/> accumulate every kernel tap (index ky * KW + kx) that falls inside the input, given
    /// the offset of that input pixel's channels.</summary>
    private static RefTensor Slide(RefTensor x, int kh, int kw, int[] strides, int[] dilation, string padding, int outChannels,
        RefTensor? bias, Action<double[], int, int> tap)
    {
        int n = x.Shape[0], h = x.Shape[1], wd = x.Shape[2], ch = x.Shape[3];
        var wy = Window.Of(h, kh, strides[0], dilation[0], padding);
        var wx = Window.Of(wd, kw, strides[1], dilation[1], padding);
        var y = new RefTensor(n, wy.OutSize, wx.OutSize, outChannels);
        var acc = new double[outChannels];
        for (var b = 0; b < n; b++)
        for (var oy = 0; oy < wy.OutSize; oy++)
        for (var ox = 0; ox < wx.OutSize; ox++)
        {
            if (bias is null) Array.Clear(acc); else Array.Copy(bias.Data, acc, outChannels);
            for (var ky = 0; ky < kh; ky++)
            {
                var iy = oy * strides[0] + ky * dilation[0] - wy.PadBefore;
                if (iy < 0 || iy >= h) continue;
                for (var kx = 0; kx < kw; kx++)
                {
                    var ix = ox * strides[1] + kx * dilation[1] - wx.PadBefore;
                    if (ix < 0 || ix >= wd) continue;
                    tap(acc, ((b * h + iy) * wd + ix) * ch, ky * kw + kx);
                }
            }
            Array.Copy(acc, 0, y.Data, ((b * wy.OutSize + oy) * wx.OutSize + ox) * outChannels, outChannels);
        }
        return y;
    }

    /// <summary>DepthwiseConv2D; kernel [KH, KW, C, multiplier], output channel c * multiplier + m.</summary>
    public static IRefLayer Depthwise(LayerConfig c, LayerWeights w)
    {
        RejectChannelsFirst(c);
        var ks = c.Ints("kernel_size", 2, 1);
        var strides = c.Ints("strides", 2, 1);
        var dilation = c.Ints("dilation_rate", 2, 1);
        var padding = c.String("padding", "valid");
        var mult = c.Int("depth_multiplier", 1);
        var kernel = w.Next("depthwise_kernel", ks[0], ks[1], -1, mult);
        var bias = c.Bool("use_bias", true) ? w.Next("bias", kernel.Shape[2] * mult) : null;
        w.ExpectAllUsed();
        var act = c.Activation();
        return new UnaryLayer(x => Activations.Apply(act, DepthwiseConv2D(x, kernel, bias, strides, dilation, padding), c.KerasMajor));
    }

    /// <summary>Depthwise 2-D convolution.</summary>
    public static RefTensor DepthwiseConv2D(RefTensor x, RefTensor kernel, RefTensor? bias, int[] strides, int[] dilation, string padding)
    {
        int ch = x.Shape[3], m = kernel.Shape[3];
        if (kernel.Shape[2] != ch) throw new ArgumentException($"Depthwise kernel depth {kernel.Shape[2]} != {ch} channels.");
        var f = ch * m;
        return Slide(x, kernel.Shape[0], kernel.Shape[1], strides, dilation, padding, f, bias, (acc, xo, tap) =>
        {
            var ko = tap * f;
            for (var o = 0; o < f; o++) acc[o] += x.Data[xo + o / m] * kernel.Data[ko + o];
        });
    }

    /// <summary>SeparableConv2D: depthwise, then a 1x1 pointwise convolution with the bias, then the activation.</summary>
    public static IRefLayer Separable(LayerConfig c, LayerWeights w)
    {
        RejectChannelsFirst(c);
        var ks = c.Ints("kernel_size", 2, 1);
        var strides = c.Ints("strides", 2, 1);
        var dilation = c.Ints("dilation_rate", 2, 1);
        var padding = c.String("padding", "valid");
        var mult = c.Int("depth_multiplier", 1);
        var filters = c.Int("filters", 0);
        var depthwise = w.Next("depthwise_kernel", ks[0], ks[1], -1, mult);
        var pointwise = w.Next("pointwise_kernel", 1, 1, depthwise.Shape[2] * mult, filters);
        var bias = c.Bool("use_bias", true) ? w.Next("bias", filters) : null;
        w.ExpectAllUsed();
        var act = c.Activation();
        return new UnaryLayer(x =>
        {
            var d = DepthwiseConv2D(x, depthwise, null, strides, dilation, padding);
            var y = Conv2D(d, pointwise, bias, [1, 1], [1, 1], "valid", 1);
            return Activations.Apply(act, y, c.KerasMajor);
        });
    }

    /// <summary>Conv2DTranspose; kernel [KH, KW, F, C]. Output size follows Keras's deconv_output_length, the
    /// leading crop follows TensorFlow's conv2d_transpose (the gradient of a forward convolution).</summary>
    public static IRefLayer Transpose(LayerConfig c, LayerWeights w)
    {
        RejectChannelsFirst(c);
        var filters = c.Int("filters", 0);
        var ks = c.Ints("kernel_size", 2, 1);
        var strides = c.Ints("strides", 2, 1);
        var dilation = c.Ints("dilation_rate", 2, 1);
        var padding = c.String("padding", "valid");
        int[]? outputPadding = c.TryGet("output_padding", out _) ? c.Ints("output_padding", 2, 0) : null;
        var kernel = w.Next("kernel", ks[0], ks[1], filters, -1);
        var bias = c.Bool("use_bias", true) ? w.Next("bias", filters) : null;
        w.ExpectAllUsed();
        var act = c.Activation();
        return new UnaryLayer(x =>
        {
            int n = x.Shape[0], h = x.Shape[1], wd = x.Shape[2], ch = x.Shape[3];
            var oh = DeconvLength(h, ks[0], padding, outputPadding?[0], strides[0], dilation[0]);
            var ow = DeconvLength(wd, ks[1], padding, outputPadding?[1], strides[1], dilation[1]);
            var padY = padding == "same" ? Window.Of(oh, ks[0], strides[0], dilation[0], "same").PadBefore : 0;
            var padX = padding == "same" ? Window.Of(ow, ks[1], strides[1], dilation[1], "same").PadBefore : 0;
            var y = new RefTensor(n, oh, ow, filters);
            for (var b = 0; b < n; b++)
            for (var iy = 0; iy < h; iy++)
            for (var ix = 0; ix < wd; ix++)
            for (var ky = 0; ky < ks[0]; ky++)
            {
                var oy = iy * strides[0] + ky * dilation[0] - padY;
                if (oy < 0 || oy >= oh) continue;
                for (var kx = 0; kx < ks[1]; kx++)
                {
                    var ox = ix * strides[1] + kx * dilation[1] - padX;
                    if (ox < 0 || ox >= ow) continue;
                    var yo = ((b * oh + oy) * ow + ox) * filters;
                    var xo = ((b * h + iy) * wd + ix) * ch;
                    for (var f = 0; f < filters; f++)
                    {
                        var ko = ((ky * ks[1] + kx) * filters + f) * ch;
                        double s = 0;
                        for (var ci = 0; ci < ch; ci++) s += x.Data[xo + ci] * kernel.Data[ko + ci];
                        y.Data[yo + f] += s;
                    }
                }
            }
            if (bias is not null)
                for (var i = 0; i < y.Length; i++) y.Data[i] += bias.Data[i % filters];
            return Activations.Apply(act, y, c.KerasMajor);
        });
    }

    /// <summary>Keras's output length of a transposed convolution.</summary>
    public static int DeconvLength(int input, int kernel, string padding, int? outputPadding, int stride, int dilation)
    {
        var k = kernel + (kernel - 1) * (dilation - 1);
        if (outputPadding is null)
            return padding switch
            {
                "valid" => input * stride + Math.Max(k - stride, 0),
                "same" => input * stride,
                _ => throw new NotSupportedException($"Padding '{padding}'."),
            };
        var pad = padding switch { "same" => k / 2, "valid" => 0, _ => throw new NotSupportedException($"Padding '{padding}'.") };
        return (input - 1) * stride + k - 2 * pad + outputPadding.Value;
    }

    private static void RejectChannelsFirst(LayerConfig c)
    {
        if (c.ChannelsFirst) throw new NotSupportedException($"{c.Name}: channels_first data is not evaluated by the reference.");
    }
}
