namespace TfLite.Core.Tests.Infrastructure.KerasReference.Layers;

/// <summary>Max/average pooling (1-D and 2-D) and the global pools. Padded positions never take part: a max ignores
/// them and an average divides by the count of real inputs, as TensorFlow does.</summary>
internal static class Pooling
{
    /// <summary>MaxPooling1D/2D or AveragePooling1D/2D.</summary>
    public static IRefLayer Pool(LayerConfig c, bool max, bool oneD)
    {
        if (c.ChannelsFirst) throw new NotSupportedException($"{c.Name}: channels_first pooling.");
        var dims = oneD ? 1 : 2;
        // Keras 2.0 spelled the 1-D options pool_length/stride.
        var pool = c.TryGet("pool_size", out _) ? c.Ints("pool_size", dims, 2) : c.Ints("pool_length", dims, 2);
        var strides = c.TryGet("strides", out _) ? c.Ints("strides", dims, 1) : c.TryGet("stride", out _) ? c.Ints("stride", dims, 1) : pool;
        var padding = c.String("padding", "valid");
        if (oneD)
        {
            pool = [1, pool[0]];
            strides = [1, strides[0]];
        }
        return new UnaryLayer(x =>
        {
            var x4 = oneD ? x.Reshape(x.Shape[0], 1, x.Shape[1], x.Shape[2]) : x;
            var y = Pool2D(x4, pool, strides, padding, max);
            return oneD ? y.Reshape(y.Shape[0], y.Shape[2], y.Shape[3]) : y;
        });
    }

    private static RefTensor Pool2D(RefTensor x, int[] pool, int[] strides, string padding, bool max)
    {
        int n = x.Shape[0], h = x.Shape[1], w = x.Shape[2], ch = x.Shape[3];
        var wy = Window.Of(h, pool[0], strides[0], 1, padding);
        var wx = Window.Of(w, pool[1], strides[1], 1, padding);
        var y = new RefTensor(n, wy.OutSize, wx.OutSize, ch);
        for (var b = 0; b < n; b++)
        for (var oy = 0; oy < wy.OutSize; oy++)
        for (var ox = 0; ox < wx.OutSize; ox++)
        for (var k = 0; k < ch; k++)
        {
            double acc = max ? double.NegativeInfinity : 0;
            var count = 0;
            for (var py = 0; py < pool[0]; py++)
            {
                var iy = oy * strides[0] + py - wy.PadBefore;
                if (iy < 0 || iy >= h) continue;
                for (var px = 0; px < pool[1]; px++)
                {
                    var ix = ox * strides[1] + px - wx.PadBefore;
                    if (ix < 0 || ix >= w) continue;
                    var v = x.Data[((b * h + iy) * w + ix) * ch + k];
                    acc = max ? Math.Max(acc, v) : acc + v;
                    count++;
                }
            }
            y.Data[((b * wy.OutSize + oy) * wx.OutSize + ox) * ch + k] = max ? acc : acc / count;
        }
        return y;
    }

    /// <summary>GlobalAverage/MaxPooling1D/2D: reduce every axis between batch and channels.</summary>
    public static IRefLayer Global(LayerConfig c, bool max)
    {
        if (c.ChannelsFirst) throw new NotSupportedException($"{c.Name}: channels_first pooling.");
        var keep = c.Bool("keepdims", false);
        return new UnaryLayer(x =>
        {
            int n = x.Shape[0], ch = x.Shape[^1];
            var spatial = x.Length / (n * ch);
            var y = new RefTensor(n, ch);
            for (var b = 0; b < n; b++)
            for (var k = 0; k < ch; k++)
            {
                double acc = max ? double.NegativeInfinity : 0;
                for (var s = 0; s < spatial; s++)
                {
                    var v = x.Data[(b * spatial + s) * ch + k];
                    acc = max ? Math.Max(acc, v) : acc + v;
                }
                y.Data[b * ch + k] = max ? acc : acc / spatial;
            }
            if (!keep) return y;
            var shape = Enumerable.Repeat(1, x.Rank).ToArray();
            shape[0] = n;
            shape[^1] = ch;
            return y.Reshape(shape);
        });
    }
}
