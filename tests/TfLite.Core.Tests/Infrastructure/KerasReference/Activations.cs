namespace TfLite.Core.Tests.Infrastructure.KerasReference;

/// <summary>Keras's activation functions by name, as documented for keras.activations (float64).</summary>
public static class Activations
{
    /// <summary>Applies the named activation to a tensor (softmax over the last axis).</summary>
    public static RefTensor Apply(string name, RefTensor x, int kerasMajor)
    {
        switch (name)
        {
            case "linear": return x;
            case "softmax": return Softmax(x, x.Rank - 1);
            case "log_softmax":
            {
                var s = Softmax(x, x.Rank - 1);
                return s.Map(Math.Log);
            }
        }
        var f = Elementwise(name, kerasMajor);
        return x.Map(f);
    }

    /// <summary>The scalar function of an element-wise activation.</summary>
    public static Func<double, double> Elementwise(string name, int kerasMajor) => name switch
    {
        "linear" => v => v,
        "relu" => v => Math.Max(v, 0),
        "relu6" => v => Math.Min(Math.Max(v, 0), 6),
        "sigmoid" => Sigmoid,
        // tf.keras and Keras 2: a 0.2 slope segment; Keras 3: relu6(x + 3) / 6.
        "hard_sigmoid" => kerasMajor >= 3 ? HardSigmoid3 : v => Math.Clamp(0.2 * v + 0.5, 0, 1),
        "tanh" => Math.Tanh,
        "elu" => v => v > 0 ? v : Math.Exp(v) - 1,
        "selu" => v => 1.0507009873554804934193349852946 * (v > 0 ? v : 1.6732632423543772848170429916717 * (Math.Exp(v) - 1)),
        "swish" or "silu" => v => v * Sigmoid(v),
        "gelu" => v => 0.5 * v * (1 + Erf(v / Math.Sqrt(2))),
        "hard_swish" or "hard_silu" => v => v * HardSigmoid3(v),
        "softplus" => v => v > 30 ? v : Math.Log(1 + Math.Exp(v)),
        "softsign" => v => v / (1 + Math.Abs(v)),
        "exponential" => Math.Exp,
        "leaky_relu" => v => v >= 0 ? v : 0.2 * v,
        "mish" => v => v * Math.Tanh(v > 30 ? v : Math.Log(1 + Math.Exp(v))),
        _ => throw new NotSupportedException($"Activation '{name}' is not in the reference evaluator."),
    };

    /// <summary>The logistic function.</summary>
    public static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    private static double HardSigmoid3(double v) => Math.Min(Math.Max(v + 3, 0), 6) / 6;

    /// <summary>Softmax along one axis (shifted by the maximum for stability).</summary>
    public static RefTensor Softmax(RefTensor x, int axis)
    {
        if (axis < 0) axis += x.Rank;
        var strides = x.Strides();
        int n = x.Shape[axis], step = strides[axis];
        var outer = x.Length / (n * step);
        var r = new double[x.Length];
        for (var o = 0; o < outer; o++)
        for (var i = 0; i < step; i++)
        {
            var b = o * n * step + i;
            var max = double.NegativeInfinity;
            for (var k = 0; k < n; k++) max = Math.Max(max, x.Data[b + k * step]);
            var sum = 0.0;
            for (var k = 0; k < n; k++) sum += r[b + k * step] = Math.Exp(x.Data[b + k * step] - max);
            for (var k = 0; k < n; k++) r[b + k * step] /= sum;
        }
        return new RefTensor((int[])x.Shape.Clone(), r);
    }

    /// <summary>The error function, by its Maclaurin series for small |x| and a continued fraction of erfc for large
    /// |x| (both to about 1e-15).</summary>
    public static double Erf(double x)
    {
        var ax = Math.Abs(x);
        if (ax < 2.5)
        {
            // erf x = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
            double term = x, sum = x, x2 = x * x;
            for (var n = 1; n < 200; n++)
            {
                term *= -x2 / n;
                var add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
            }
            return 2 / Math.Sqrt(Math.PI) * sum;
        }
        if (ax > 6) return Math.Sign(x);
        // erfc x = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), evaluated bottom-up.
        var f = ax;
        for (var k = 60; k >= 1; k--) f = ax + k / 2.0 / f;
        var erfc = Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / f;
        return Math.Sign(x) * (1 - erfc);
    }
}
