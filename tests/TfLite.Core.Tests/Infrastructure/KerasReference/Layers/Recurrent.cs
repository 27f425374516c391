namespace TfLite.Core.Tests.Infrastructure.KerasReference.Layers;

/// <summary>SimpleRNN, LSTM and GRU (batch-major [N, T, F] inputs, zero initial state), following the cell equations
/// of keras.layers: gates ordered i, f, c, o for LSTM and z, r, h for GRU.</summary>
internal static class Recurrent
{
    private delegate double[] Step(double[] x, double[] h, double[] cellState);

    /// <summary>The recurrent layer of a class name.</summary>
    public static IRefLayer Create(LayerConfig c, LayerWeights w)
    {
        if (c.Bool("stateful", false)) throw new NotSupportedException($"{c.Name}: stateful recurrence.");
        if (c.Bool("return_state", false)) throw new NotSupportedException($"{c.Name}: return_state.");
        var units = c.Int("units", 0);
        var act = Activations.Elementwise(c.Activation("activation"), c.KerasMajor);
        var useBias = c.Bool("use_bias", true);
        var gates = c.ClassName switch { "SimpleRNN" => 1, "LSTM" => 4, "GRU" => 3, _ => throw new NotSupportedException(c.ClassName) };
        var kernel = w.Next("kernel", -1, gates * units);
        var recurrent = w.Next("recurrent_kernel", units, gates * units);
        var bias = useBias ? w.Next("bias") : null;
        w.ExpectAllUsed();
        Step step;
        switch (c.ClassName)
        {
            case "SimpleRNN":
                step = (x, h, _) =>
                {
                    var z = Affine(x, kernel, h, recurrent, bias?.Data, 0, units);
                    for (var u = 0; u < units; u++) z[u] = act(z[u]);
                    return z;
                };
                break;
            case "LSTM":
            {
                var rec = Activations.Elementwise(c.Activation("recurrent_activation"), c.KerasMajor);
                step = (x, h, cell) =>
                {
                    var z = Affine(x, kernel, h, recurrent, bias?.Data, 0, 4 * units);
                    var hn = new double[units];
                    for (var u = 0; u < units; u++)
                    {
                        double i = rec(z[u]), f = rec(z[units + u]), g = act(z[2 * units + u]), o = rec(z[3 * units + u]);
                        cell[u] = f * cell[u] + i * g;
                        hn[u] = o * act(cell[u]);
                    }
                    return hn;
                };
                break;
            }
            default:
                step = Gru(c, units, kernel, recurrent, bias, act);
                break;
        }
        var returnSequences = c.Bool("return_sequences", false);
        var backwards = c.Bool("go_backwards", false);
        return new UnaryLayer(x => Run(x, units, step, returnSequences, backwards));
    }

    private static Step Gru(LayerConfig c, int units, RefTensor kernel, RefTensor recurrent, RefTensor? bias, Func<double, double> act)
    {
        var rec = Activations.Elementwise(c.Activation("recurrent_activation"), c.KerasMajor);
        // reset_after (the default since TF 2): the reset gate scales the recurrent product; bias is [2, 3u].
        var resetAfter = c.Bool("reset_after", c.KerasMajor >= 3);
        double[]? inBias = null, recBias = null;
        if (bias is not null)
        {
            if (resetAfter)
            {
                inBias = bias.Data[..(3 * units)];
                recBias = bias.Data[(3 * units)..];
            }
            else inBias = bias.Data;
        }
        return (x, h, _) =>
        {
            var xz = Affine(x, kernel, null, null, inBias, 0, 3 * units);
            var hn = new double[units];
            if (resetAfter)
            {
                var hz = Affine(h, recurrent, null, null, recBias, 0, 3 * units);
                for (var u = 0; u < units; u++)
                {
                    var z = rec(xz[u] + hz[u]);
                    var r = rec(xz[units + u] + hz[units + u]);
                    var hh = act(xz[2 * units + u] + r * hz[2 * units + u]);
                    hn[u] = z * h[u] + (1 - z) * hh;
                }
            }
            else
            {
                var hzr = Affine(h, recurrent, null, null, null, 0, 2 * units);
                var z = new double[units];
                var rh = new double[units];
                for (var u = 0; u < units; u++)
                {
                    z[u] = rec(xz[u] + hzr[u]);
                    rh[u] = rec(xz[units + u] + hzr[units + u]) * h[u];
                }
                var hh = Affine(rh, recurrent, null, null, null, 2 * units, units);
                for (var u = 0; u < units; u++) hn[u] = z[u] * h[u] + (1 - z[u]) * act(xz[2 * units + u] + hh[u]);
            }
            return hn;
        };
    }

    /// <summary>Columns [from, from + count) of <c>x · K + h · R + b</c>; K and R are [in, gates*units].</summary>
    private static double[] Affine(double[] x, RefTensor k, double[]? h, RefTensor? r, double[]? b, int from, int count)
    {
        var y = new double[count];
        if (b is not null) Array.Copy(b, from, y, 0, count);
        Accumulate(y, x, k, from);
        if (h is not null && r is not null) Accumulate(y, h, r, from);
        return y;
    }

    private static void Accumulate(double[] y, double[] v, RefTensor m, int from)
    {
        var cols = m.Shape[1];
        for (var i = 0; i < v.Length; i++)
        {
            var vi = v[i];
            if (vi == 0) continue;
            for (var j = 0; j < y.Length; j++) y[j] += vi * m.Data[i * cols + from + j];
        }
    }

    private static RefTensor Run(RefTensor x, int units, Step step, bool returnSequences, bool backwards)
    {
        int n = x.Shape[0], t = x.Shape[1], f = x.Shape[2];
        var y = returnSequences ? new RefTensor(n, t, units) : new RefTensor(n, units);
        for (var b = 0; b < n; b++)
        {
            var h = new double[units];
            var cell = new double[units];
            for (var s = 0; s < t; s++)
            {
                var ts = backwards ? t - 1 - s : s;
                var xt = x.Data.AsSpan((b * t + ts) * f, f).ToArray();
                h = step(xt, h, cell);
                // Keras returns the outputs in processing order, also when going backwards.
                if (returnSequences) Array.Copy(h, 0, y.Data, (b * t + s) * units, units);
            }
            if (!returnSequences) Array.Copy(h, 0, y.Data, b * units, units);
        }
        return y;
    }
}
