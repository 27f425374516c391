using TfLite.Core.Interpreter.FixedPoint;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>
/// The lookup tables of TFLite's table-driven quantized activations (ELU, GELU), and the lookup over a tensor.
/// Tables are filled with <see cref="LookupTables"/> from the same float functions TFLite uses.
/// </summary>
public static class ActivationTables
{
    /// <summary>x for x &gt;= 0, exp(x) - 1 below, in float (TFLite's ELU transform).</summary>
    public static float Elu(float x) => x < 0f ? MathF.Exp(x) - 1f : x;

    /// <summary>GELU's tanh approximation, in float as TFLite evaluates it.</summary>
    public static float GeluApproximate(float x)
    {
        const float sqrtTwoOverPi = (float)(1.12837916709551257390 * 0.70710678118654752440);
        return 0.5f * x * (1f + MathF.Tanh(sqrtTwoOverPi * (x + 0.044715f * x * x * x)));
    }

    /// <summary>Exact GELU, 0.5 x (1 + erf(x / sqrt 2)), with the error function taken in double.</summary>
    public static float Gelu(float x) => (float)(0.5f * x * (1.0 + Erf(x * 0.70710678118654752440)));

    /// <summary>An int8 table (indexed by the input's bit pattern) for a float activation.</summary>
    public static sbyte[] Int8(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint, Func<float, float> f)
    {
        var table = new sbyte[LookupTables.Int8TableSize];
        LookupTables.PopulateInt8(inputScale, inputZeroPoint, outputScale, outputZeroPoint, f, table);
        return table;
    }

    /// <summary>A uint8 table for a float activation.</summary>
    public static byte[] UInt8(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint, Func<float, float> f)
    {
        var table = new byte[LookupTables.Int8TableSize];
        LookupTables.PopulateUInt8(inputScale, inputZeroPoint, outputScale, outputZeroPoint, f, table);
        return table;
    }

    /// <summary>A 513-entry int16 table for a float activation.</summary>
    public static short[] Int16(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint, Func<float, float> f)
    {
        var table = new short[LookupTables.Int16TableSize];
        LookupTables.PopulateInt16(inputScale, inputZeroPoint, outputScale, outputZeroPoint, f, table);
        return table;
    }

    /// <summary>Applies an int8 table.</summary>
    public static void Apply(ReadOnlySpan<sbyte> table, ReadOnlySpan<sbyte> input, Span<sbyte> output)
    {
        ShapeChecks.Length(output.Length, input.Length, nameof(output));
        for (int i = 0; i < input.Length; i++) output[i] = LookupTables.Lookup(input[i], table);
    }

    /// <summary>Applies a uint8 table.</summary>
    public static void Apply(ReadOnlySpan<byte> table, ReadOnlySpan<byte> input, Span<byte> output)
    {
        ShapeChecks.Length(output.Length, input.Length, nameof(output));
        for (int i = 0; i < input.Length; i++) output[i] = LookupTables.Lookup(input[i], table);
    }

    /// <summary>Applies an interpolated int16 table.</summary>
    public static void Apply(ReadOnlySpan<short> table, ReadOnlySpan<short> input, Span<short> output)
    {
        ShapeChecks.Length(output.Length, input.Length, nameof(output));
        for (int i = 0; i < input.Length; i++) output[i] = LookupTables.Lookup(input[i], table);
    }

    // The error function to double precision: its Maclaurin series near zero, 1 - erfc by a continued fraction beyond.
    internal static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        double a = Math.Abs(x);
        double result;
        if (a < 2.5)
        {
            // erf(x) = 2/sqrt(pi) sum (-1)^n x^(2n+1) / (n! (2n+1))
            double term = a, sum = a, x2 = a * a;
            for (int n = 1; n < 100 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
            {
                term *= -x2 / n;
                sum += term / (2 * n + 1);
            }
            result = sum * 1.1283791670955125739;
        }
        else if (a > 6.5)
        {
            result = 1.0;
        }
        else
        {
            // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), by Lentz's method.
            double tiny = 1e-300, f = a, c = a, d = 0;
            for (int n = 1; n < 200; n++)
            {
                double k = n * 0.5;
                d = a + k * d;
                d = Math.Abs(d) < tiny ? tiny : d;
                c = a + k / c;
                c = Math.Abs(c) < tiny ? tiny : c;
                d = 1 / d;
                double delta = c * d;
                f *= delta;
                if (Math.Abs(delta - 1) < 1e-16) break;
            }
            result = 1 - Math.Exp(-a * a) / (f * 1.7724538509055160273);
        }
        return x < 0 ? -result : result;
    }
}
