namespace TfLite.Core.Tests.Infrastructure.KerasReference.Layers;

/// <summary>Flatten, Reshape, Permute, RepeatVector, ZeroPadding, Cropping and UpSampling.</summary>
internal static class Reshaping
{
    /// <summary>Flatten: keep the batch, join the rest (channels-last order).</summary>
    public static IRefLayer Flatten(LayerConfig c)
    {
        if (c.ChannelsFirst) throw new NotSupportedException($"{c.Name}: channels_first flatten.");
        return new UnaryLayer(x => x.Reshape(x.Shape[0], x.Length / Math.Max(x.Shape[0], 1)));
    }

    /// <summary>Reshape to the target shape (one -1 allowed), batch kept.</summary>
    public static IRefLayer Reshape(LayerConfig c)
    {
        var target = c.IntList("target_shape") ?? throw new FormatException($"{c.Name}: no target_shape.");
        return new UnaryLayer(x =>
        {
            var shape = (int[])target.Clone();
            var per = x.Length / x.Shape[0];
            var known = shape.Where(d => d != -1).Aggregate(1, (a, d) => a * d);
            for (var i = 0; i < shape.Length; i++) if (shape[i] == -1) shape[i] = per / known;
            return x.Reshape([x.Shape[0], .. shape]);
        });
    }

    /// <summary>Permute: reorders the non-batch axes by the 1-based <c>dims</c>.</summary>
    public static IRefLayer Permute(LayerConfig c)
    {
        var dims = c.IntList("dims") ?? throw new FormatException($"{c.Name}: no dims.");
        return new UnaryLayer(x => Transpose(x, [0, .. dims]));
    }

    /// <summary>General transpose: output axis i is input axis <paramref name="perm"/>[i].</summary>
    public static RefTensor Transpose(RefTensor x, int[] perm)
    {
        var inStrides = x.Strides();
        var shape = perm.Select(p => x.Shape[p]).ToArray();
        var y = new RefTensor(shape);
        var idx = new int[shape.Length];
        for (var n = 0; n < y.Length; n++)
        {
            var src = 0;
            for (var d = 0; d < shape.Length; d++) src += idx[d] * inStrides[perm[d]];
            y.Data[n] = x.Data[src];
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return y;
    }

    /// <summary>RepeatVector: [N, F] to [N, n, F].</summary>
    public static IRefLayer RepeatVector(LayerConfig c)
    {
        var times = c.Int("n", 1);
        return new UnaryLayer(x =>
        {
            int batch = x.Shape[0], f = x.Shape[1];
            var y = new RefTensor(batch, times, f);
            for (var b = 0; b < batch; b++)
            for (var t = 0; t < times; t++)
                Array.Copy(x.Data, b * f, y.Data, (b * times + t) * f, f);
            return y;
        });
    }

    /// <summary>ZeroPadding1D/2D on the axes between batch and channels.</summary>
    public static IRefLayer ZeroPadding(LayerConfig c, int dims)
    {
        if (c.ChannelsFirst) throw new NotSupportedException($"{c.Name}: channels_first padding.");
        var pads = c.Pairs("padding", dims, 1);
        return new UnaryLayer(x => Pad(x, [(0, 0), .. pads, (0, 0)]));
    }

    /// <summary>Zero-pads every axis by (before, after).</summary>
    public static RefTensor Pad(RefTensor x, (int Before, int After)[] pads)
    {
        var shape = x.Shape.Select((d, i) => d + pads[i].Before + pads[i].After).ToArray();
        var y = new RefTensor(shape);
        CopyBlock(x, y, pads.Select(p => p.Before).ToArray(), x.Shape, toOutput: true);
        return y;
    }

    /// <summary>Cropping1D/2D on the axes between batch and channels.</summary>
    public static IRefLayer Cropping(LayerConfig c, int dims)
    {
        if (c.ChannelsFirst) throw new NotSupportedException($"{c.Name}: channels_first cropping.");
        var crops = c.Pairs("cropping", dims, 0);
        return new UnaryLayer(x =>
        {
            (int Before, int After)[] all = [(0, 0), .. crops, (0, 0)];
            var shape = x.Shape.Select((d, i) => d - all[i].Before - all[i].After).ToArray();
            var y = new RefTensor(shape);
            CopyBlock(x, y, all.Select(p => p.Before).ToArray(), shape, toOutput: false);
            return y;
        });
    }

    /// <summary>Copies a block of extent <paramref name="extent"/>: into y at <paramref name="offset"/> when
    /// <paramref name="toOutput"/>, else out of x from <paramref name="offset"/>.</summary>
    private static void CopyBlock(RefTensor x, RefTensor y, int[] offset, int[] extent, bool toOutput)
    {
        var xs = x.Strides();
        var ys = y.Strides();
        var idx = new int[extent.Length];
        var count = RefTensor.SizeOf(extent);
        for (var n = 0; n < count; n++)
        {
            int xi = 0, yi = 0;
            for (var d = 0; d < extent.Length; d++)
            {
                xi += (idx[d] + (toOutput ? 0 : offset[d])) * xs[d];
                yi += (idx[d] + (toOutput ? offset[d] : 0)) * ys[d];
            }
            y.Data[yi] = x.Data[xi];
            for (var d = extent.Length - 1; d >= 0; d--)
            {
                if (++idx[d] < extent[d]) break;
                idx[d] = 0;
            }
        }
    }

    /// <summary>UpSampling1D: repeats each step <c>size</c> times.</summary>
    public static IRefLayer UpSampling1D(LayerConfig c)
    {
        var size = c.Ints("size", 1, 2)[0];
        return new UnaryLayer(x =>
        {
            var y4 = Nearest(x.Reshape(x.Shape[0], 1, x.Shape[1], x.Shape[2]), 1, size);
            return y4.Reshape(x.Shape[0], x.Shape[1] * size, x.Shape[2]);
        });
    }

    /// <summary>UpSampling2D, nearest or bilinear (TensorFlow's resize with half-pixel centers).</summary>
    public static IRefLayer UpSampling2D(LayerConfig c)
    {
        if (c.ChannelsFirst) throw new NotSupportedException($"{c.Name}: channels_first upsampling.");
        var size = c.Ints("size", 2, 2);
        var interpolation = c.String("interpolation", "nearest");
        return interpolation switch
        {
            "nearest" => new UnaryLayer(x => Nearest(x, size[0], size[1])),
            "bilinear" => new UnaryLayer(x => Bilinear(x, x.Shape[1] * size[0], x.Shape[2] * size[1])),
            _ => throw new NotSupportedException($"{c.Name}: interpolation '{interpolation}'."),
        };
    }

    private static RefTensor Nearest(RefTensor x, int sy, int sx)
    {
        int n = x.Shape[0], h = x.Shape[1], w = x.Shape[2], ch = x.Shape[3];
        var y = new RefTensor(n, h * sy, w * sx, ch);
        for (var b = 0; b < n; b++)
        for (var oy = 0; oy < h * sy; oy++)
        for (var ox = 0; ox < w * sx; ox++)
            Array.Copy(x.Data, ((b * h + oy / sy) * w + ox / sx) * ch, y.Data, ((b * h * sy + oy) * w * sx + ox) * ch, ch);
        return y;
    }

    /// <summary>Bilinear resize with half-pixel centers: source coordinate <c>(dst + 0.5) * in/out - 0.5</c>.</summary>
    public static RefTensor Bilinear(RefTensor x, int outH, int outW)
    {
        int n = x.Shape[0], h = x.Shape[1], w = x.Shape[2], ch = x.Shape[3];
        var y = new RefTensor(n, outH, outW, ch);
        for (var b = 0; b < n; b++)
        for (var oy = 0; oy < outH; oy++)
        {
            var (y0, y1, fy) = Source(oy, h, outH);
            for (var ox = 0; ox < outW; ox++)
            {
                var (x0, x1, fx) = Source(ox, w, outW);
                for (var k = 0; k < ch; k++)
                {
                    double At(int yy, int xx) => x.Data[((b * h + yy) * w + xx) * ch + k];
                    var top = At(y0, x0) + (At(y0, x1) - At(y0, x0)) * fx;
                    var bottom = At(y1, x0) + (At(y1, x1) - At(y1, x0)) * fx;
                    y.Data[((b * outH + oy) * outW + ox) * ch + k] = top + (bottom - top) * fy;
                }
            }
        }
        return y;
    }

    private static (int Lo, int Hi, double Frac) Source(int dst, int inSize, int outSize)
    {
        var src = (dst + 0.5) * inSize / outSize - 0.5;
        var floor = Math.Floor(src);
        var lo = Math.Max((int)floor, 0);
        var hi = Math.Min((int)Math.Ceiling(src), inSize - 1);
        return (lo, Math.Max(hi, 0), src - floor);
    }
}
