namespace TfLite.Core.Tests.Infrastructure.KerasReference.Layers;

/// <summary>BatchNormalization (inference), LayerNormalization, Normalization and Rescaling.</summary>
internal static class Normalizations
{
    /// <summary>BatchNormalization with moving statistics: <c>(x - mean) / sqrt(var + eps) * gamma + beta</c>.</summary>
    public static IRefLayer BatchNorm(LayerConfig c, LayerWeights w)
    {
        var axis = SingleAxis(c, "axis", -1);
        var eps = c.Double("epsilon", 1e-3);
        var gamma = c.Bool("scale", true) ? w.Next("gamma") : null;
        var beta = c.Bool("center", true) ? w.Next("beta") : null;
        var mean = w.Next("moving_mean");
        var variance = w.Next("moving_variance");
        w.ExpectAllUsed();
        return new UnaryLayer(x =>
        {
            var ax = axis < 0 ? axis + x.Rank : axis;
            var shape = Enumerable.Repeat(1, x.Rank).ToArray();
            shape[ax] = x.Shape[ax];
            var scale = new double[mean.Length];
            var shift = new double[mean.Length];
            for (var i = 0; i < scale.Length; i++)
            {
                var inv = 1 / Math.Sqrt(variance.Data[i] + eps);
                scale[i] = inv * (gamma?.Data[i] ?? 1);
                shift[i] = (beta?.Data[i] ?? 0) - mean.Data[i] * scale[i];
            }
            var scaled = Broadcast.Apply(x, new RefTensor(shape, scale), (v, s) => v * s);
            return Broadcast.Apply(scaled, new RefTensor(shape, shift), (v, s) => v + s);
        });
    }

    /// <summary>LayerNormalization over the configured axes (statistics per sample).</summary>
    public static IRefLayer LayerNorm(LayerConfig c, LayerWeights w)
    {
        var axes = c.IntList("axis") ?? [-1];
        var eps = c.Double("epsilon", 1e-3);
        if (c.Bool("rms_scaling", false)) throw new NotSupportedException($"{c.Name}: rms_scaling.");
        var gamma = c.Bool("scale", true) ? w.Next("gamma") : null;
        var beta = c.Bool("center", true) ? w.Next("beta") : null;
        w.ExpectAllUsed();
        return new UnaryLayer(x =>
        {
            var norm = axes.Select(a => a < 0 ? a + x.Rank : a).OrderBy(a => a).ToArray();
            // Normalized axes must be the trailing ones (what Keras models use); then each row is one group.
            for (var i = 0; i < norm.Length; i++)
                if (norm[i] != x.Rank - norm.Length + i) throw new NotSupportedException($"{c.Name}: non-trailing normalization axes.");
            var group = norm.Aggregate(1, (acc, a) => acc * x.Shape[a]);
            var y = new RefTensor((int[])x.Shape.Clone());
            for (var g = 0; g < x.Length / group; g++)
            {
                double mean = 0, variance = 0;
                for (var i = 0; i < group; i++) mean += x.Data[g * group + i];
                mean /= group;
                for (var i = 0; i < group; i++) variance += Math.Pow(x.Data[g * group + i] - mean, 2);
                variance /= group;
                var inv = 1 / Math.Sqrt(variance + eps);
                for (var i = 0; i < group; i++)
                    y.Data[g * group + i] = (x.Data[g * group + i] - mean) * inv * (gamma?.Data[i] ?? 1) + (beta?.Data[i] ?? 0);
            }
            return y;
        });
    }

    /// <summary>Normalization: <c>(x - mean) / max(sqrt(variance), 1e-7)</c>, or its inverse when <c>invert</c>; mean
    /// and variance from the config when given there, else from the adapted weights.</summary>
    public static IRefLayer Normalization(LayerConfig c, LayerWeights w)
    {
        var axis = SingleAxis(c, "axis", -1);
        RefTensor mean, variance;
        if (c.TryGet("mean", out var m) && c.TryGet("variance", out var v))
        {
            mean = FromJsonNumbers(m);
            variance = FromJsonNumbers(v);
        }
        else
        {
            mean = w.Next("mean");
            variance = w.Next("variance");
            if (w.Count > 2) w.Next("count");
        }
        w.ExpectAllUsed();
        var invert = c.Bool("invert", false);
        return new UnaryLayer(x =>
        {
            var ax = axis < 0 ? axis + x.Rank : axis;
            var shape = Enumerable.Repeat(1, x.Rank).ToArray();
            if (mean.Length > 1) shape[ax] = mean.Length;
            var mu = new RefTensor(shape, mean.Data);
            var sd = new RefTensor(shape, variance.Data.Select(s => Math.Max(Math.Sqrt(s), 1e-7)).ToArray());
            return invert
                ? Broadcast.Apply(Broadcast.Apply(x, sd, (a, b) => a * b), mu, (a, b) => a + b)
                : Broadcast.Apply(Broadcast.Apply(x, mu, (a, b) => a - b), sd, (a, b) => a / b);
        });
    }

    /// <summary>Rescaling: <c>x * scale + offset</c> (scalars or per-channel lists).</summary>
    public static IRefLayer Rescaling(LayerConfig c)
    {
        var scale = c.TryGet("scale", out var s) ? FromJsonNumbers(s) : new RefTensor([1], [1.0]);
        var offset = c.TryGet("offset", out var o) ? FromJsonNumbers(o) : new RefTensor([1], [0.0]);
        return new UnaryLayer(x => Broadcast.Apply(Broadcast.Apply(x, scale, (a, b) => a * b), offset, (a, b) => a + b));
    }

    private static RefTensor FromJsonNumbers(System.Text.Json.JsonElement e)
    {
        if (e.ValueKind == System.Text.Json.JsonValueKind.Number) return new RefTensor([1], [e.GetDouble()]);
        var values = new List<double>();
        Flatten(e, values);
        return new RefTensor([values.Count], values.ToArray());
    }

    private static void Flatten(System.Text.Json.JsonElement e, List<double> into)
    {
        if (e.ValueKind == System.Text.Json.JsonValueKind.Array)
            foreach (var item in e.EnumerateArray()) Flatten(item, into);
        else into.Add(e.GetDouble());
    }

    private static int SingleAxis(LayerConfig c, string key, int fallback)
    {
        var axes = c.IntList(key) ?? [fallback];
        if (axes.Length != 1) throw new NotSupportedException($"{c.Name}: several {key} values.");
        return axes[0];
    }
}
