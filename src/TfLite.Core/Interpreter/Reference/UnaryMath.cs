namespace TfLite.Core.Interpreter.Reference;

/// <summary>Float element-wise functions whose results come from library calls (exp, tanh, erf...), so they run
/// scalar: each follows the formula of TFLite's reference kernel.</summary>
internal static class UnaryMath
{
    /// <summary>TFLite's float LOGISTIC: 1 above the upper cutoff, exp(x) below the lower, else 1 / (1 + exp(-x)).</summary>
    public static float Logistic(float x)
    {
        const float upper = 16.619047164916992188f;
        const float lower = -9f;
        if (x > upper) return 1f;
        if (x < lower) return MathF.Exp(x);
        return 1f / (1f + MathF.Exp(-x));
    }

    public static float Elu(float x) => x < 0f ? MathF.Exp(x) - 1f : x;

    /// <summary>GELU: 0.5 x (1 + erf(x / sqrt 2)), or the tanh approximation.</summary>
    public static float Gelu(float x, bool approximate)
    {
        if (approximate)
        {
            const float sqrt2OverPi = 0.7978845608028654f;
            return 0.5f * x * (1f + MathF.Tanh(sqrt2OverPi * (x + 0.044715f * x * x * x)));
        }
        return 0.5f * x * (1f + (float)Erf(x * 0.7071067811865476));
    }

    /// <summary>erf in double precision (Abramowitz-Stegun 7.1.26 is too coarse; this uses the series / continued fraction).</summary>
    public static double Erf(double x)
    {
        double ax = Math.Abs(x);
        double r;
        if (ax < 2.5)
        {
            // Maclaurin series: erf x = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
            double term = ax, sum = ax, x2 = ax * ax;
            for (int n = 1; n < 100; n++)
            {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
            }
            r = 2.0 / Math.Sqrt(Math.PI) * sum;
        }
        else
        {
            // Continued fraction for erfc.
            double f = 0;
            for (int n = 60; n >= 1; n--) f = n / 2.0 / (ax + f);
            r = 1.0 - Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / (ax + f);
        }
        return x < 0 ? -r : r;
    }
}
