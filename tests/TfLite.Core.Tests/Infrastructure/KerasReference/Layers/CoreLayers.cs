namespace TfLite.Core.Tests.Infrastructure.KerasReference.Layers;

/// <summary>Dense, Embedding and the activation layers.</summary>
internal static class CoreLayers
{
    /// <summary>Dense: <c>activation(x · kernel + bias)</c> over the last axis, any rank.</summary>
    public static IRefLayer Dense(LayerConfig c, LayerWeights w)
    {
        var units = c.Int("units", 0);
        var kernel = w.Next("kernel", -1, units);
        var bias = c.Bool("use_bias", true) ? w.Next("bias", units) : null;
        w.ExpectAllUsed();
        var act = c.Activation();
        return new UnaryLayer(x => Activations.Apply(act, MatMulLastAxis(x, kernel, bias), c.KerasMajor));
    }

    /// <summary><c>x · kernel + bias</c> over the last axis of x; kernel is [in, out].</summary>
    public static RefTensor MatMulLastAxis(RefTensor x, RefTensor kernel, RefTensor? bias)
    {
        int inDim = kernel.Shape[0], outDim = kernel.Shape[1];
        if (x.Shape[^1] != inDim) throw new ArgumentException($"Input last dim {x.Shape[^1]} does not match kernel [{inDim},{outDim}].");
        var rows = x.Length / inDim;
        var shape = (int[])x.Shape.Clone();
        shape[^1] = outDim;
        var y = new RefTensor(shape);
        for (var r = 0; r < rows; r++)
        {
            var yo = r * outDim;
            if (bias is not null) Array.Copy(bias.Data, 0, y.Data, yo, outDim);
            for (var i = 0; i < inDim; i++)
            {
                var xv = x.Data[r * inDim + i];
                if (xv == 0) continue;
                var ko = i * outDim;
                for (var o = 0; o < outDim; o++) y.Data[yo + o] += xv * kernel.Data[ko + o];
            }
        }
        return y;
    }

    /// <summary>Embedding: indices (cast to int32 by truncation, as Keras casts them) select rows of the table.</summary>
    public static IRefLayer Embedding(LayerConfig c, LayerWeights w)
    {
        int inputDim = c.Int("input_dim", 0), outputDim = c.Int("output_dim", 0);
        var table = w.Next("embeddings", inputDim, outputDim);
        w.ExpectAllUsed();
        return new UnaryLayer(x =>
        {
            var y = new RefTensor([.. x.Shape, outputDim]);
            for (var i = 0; i < x.Length; i++)
            {
                var index = (int)Math.Truncate(x.Data[i]);
                if (index < 0 || index >= inputDim) throw new ArgumentOutOfRangeException(nameof(x), $"{c.Name}: index {index} outside [0, {inputDim}).");
                Array.Copy(table.Data, index * outputDim, y.Data, i * outputDim, outputDim);
            }
            return y;
        });
    }

    /// <summary>Activation layer.</summary>
    public static IRefLayer Activation(LayerConfig c)
    {
        var name = c.Activation();
        return new UnaryLayer(x => Activations.Apply(name, x, c.KerasMajor));
    }

    /// <summary>ReLU layer: max_value cap, negative_slope below threshold.</summary>
    public static IRefLayer ReLU(LayerConfig c)
    {
        var max = c.TryGet("max_value", out var m) ? m.GetDouble() : double.PositiveInfinity;
        var slope = c.Double("negative_slope", 0);
        var threshold = c.Double("threshold", 0);
        return new UnaryLayer(x => x.Map(v => v >= max ? max : v >= threshold ? v : slope * (v - threshold)));
    }

    /// <summary>LeakyReLU: <c>negative_slope</c> (Keras 3) or <c>alpha</c> (Keras 2), default 0.3.</summary>
    public static IRefLayer LeakyReLU(LayerConfig c)
    {
        var slope = c.Double("negative_slope", c.Double("alpha", 0.3));
        return new UnaryLayer(x => x.Map(v => v >= 0 ? v : slope * v));
    }

    /// <summary>ELU layer with its alpha.</summary>
    public static IRefLayer Elu(LayerConfig c)
    {
        var alpha = c.Double("alpha", 1.0);
        return new UnaryLayer(x => x.Map(v => v > 0 ? v : alpha * (Math.Exp(v) - 1)));
    }

    /// <summary>PReLU: a learned slope per element of the input (shared along <c>shared_axes</c>).</summary>
    public static IRefLayer PReLU(LayerConfig c, LayerWeights w)
    {
        var alpha = w.Next("alpha");
        w.ExpectAllUsed();
        return new UnaryLayer(x =>
        {
            // alpha has the input shape without the batch dim (1 on shared axes); prepend the batch.
            var a = alpha.Reshape([1, .. alpha.Shape]);
            return Broadcast.Apply(x, a, (v, s) => v >= 0 ? v : s * v);
        });
    }

    /// <summary>Softmax layer over its axis (or the last one).</summary>
    public static IRefLayer Softmax(LayerConfig c)
    {
        var axes = c.IntList("axis") ?? [-1];
        if (axes.Length != 1) throw new NotSupportedException($"{c.Name}: softmax over several axes.");
        return new UnaryLayer(x => Activations.Softmax(x, axes[0]));
    }
}
