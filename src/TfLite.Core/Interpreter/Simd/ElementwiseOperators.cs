using System.Runtime.Intrinsics;

namespace TfLite.Core.Interpreter.Simd;

/// <summary>A float function of one value with Vector128/Vector256 forms that equal the scalar form bit for bit.</summary>
internal interface IUnaryOperator
{
    static abstract float Invoke(float x);
    static abstract Vector128<float> Invoke(Vector128<float> x);
    static abstract Vector256<float> Invoke(Vector256<float> x);
}

/// <summary>A float function of two values with vector forms that equal the scalar form bit for bit.</summary>
internal interface IBinaryOperator
{
    static abstract float Invoke(float a, float b);
    static abstract Vector128<float> Invoke(Vector128<float> a, Vector128<float> b);
    static abstract Vector256<float> Invoke(Vector256<float> a, Vector256<float> b);
}

internal readonly struct AddOperator : IBinaryOperator
{
    public static float Invoke(float a, float b) => a + b;
    public static Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) => a + b;
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => a + b;
}

internal readonly struct SubtractOperator : IBinaryOperator
{
    public static float Invoke(float a, float b) => a - b;
    public static Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) => a - b;
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => a - b;
}

internal readonly struct MultiplyOperator : IBinaryOperator
{
    public static float Invoke(float a, float b) => a * b;
    public static Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) => a * b;
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => a * b;
}

internal readonly struct DivideOperator : IBinaryOperator
{
    public static float Invoke(float a, float b) => a / b;
    public static Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) => a / b;
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => a / b;
}

internal readonly struct SquaredDifferenceOperator : IBinaryOperator
{
    public static float Invoke(float a, float b) { float d = a - b; return d * d; }
    public static Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) { var d = a - b; return d * d; }
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) { var d = a - b; return d * d; }
}

/// <summary>std::max(a, b): b when a &lt; b, else a.</summary>
internal readonly struct MaximumOperator : IBinaryOperator
{
    public static float Invoke(float a, float b) => a < b ? b : a;
    public static Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) => Vector128.ConditionalSelect(Vector128.LessThan(a, b), b, a);
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => Vector256.ConditionalSelect(Vector256.LessThan(a, b), b, a);
}

/// <summary>std::min(a, b): b when b &lt; a, else a.</summary>
internal readonly struct MinimumOperator : IBinaryOperator
{
    public static float Invoke(float a, float b) => b < a ? b : a;
    public static Vector128<float> Invoke(Vector128<float> a, Vector128<float> b) => Vector128.ConditionalSelect(Vector128.LessThan(b, a), b, a);
    public static Vector256<float> Invoke(Vector256<float> a, Vector256<float> b) => Vector256.ConditionalSelect(Vector256.LessThan(b, a), b, a);
}

internal readonly struct AbsOperator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Abs(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Abs(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Abs(x);
}

internal readonly struct NegateOperator : IUnaryOperator
{
    public static float Invoke(float x) => -x;
    public static Vector128<float> Invoke(Vector128<float> x) => -x;
    public static Vector256<float> Invoke(Vector256<float> x) => -x;
}

internal readonly struct SqrtOperator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Sqrt(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Sqrt(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Sqrt(x);
}

/// <summary>1 / sqrt(x), as TFLite's float RSQRT computes it (two correctly rounded steps).</summary>
internal readonly struct RsqrtOperator : IUnaryOperator
{
    public static float Invoke(float x) => 1f / MathF.Sqrt(x);
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128<float>.One / Vector128.Sqrt(x);
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256<float>.One / Vector256.Sqrt(x);
}

internal readonly struct SquareOperator : IUnaryOperator
{
    public static float Invoke(float x) => x * x;
    public static Vector128<float> Invoke(Vector128<float> x) => x * x;
    public static Vector256<float> Invoke(Vector256<float> x) => x * x;
}

/// <summary>x * min(6, max(0, x + 3)) / 6 in TFLite's order.</summary>
internal readonly struct HardSwishOperator : IUnaryOperator
{
    public static float Invoke(float x)
    {
        float t = x + 3f;
        t = 0f < t ? t : 0f;       // std::max(0, t)
        t = t < 6f ? t : 6f;       // std::min(6, t)
        return x * t / 6f;
    }

    public static Vector128<float> Invoke(Vector128<float> x)
    {
        var t = x + Vector128.Create(3f);
        t = Vector128.ConditionalSelect(Vector128.LessThan(Vector128<float>.Zero, t), t, Vector128<float>.Zero);
        var six = Vector128.Create(6f);
        t = Vector128.ConditionalSelect(Vector128.LessThan(t, six), t, six);
        return x * t / six;
    }

    public static Vector256<float> Invoke(Vector256<float> x)
    {
        var t = x + Vector256.Create(3f);
        t = Vector256.ConditionalSelect(Vector256.LessThan(Vector256<float>.Zero, t), t, Vector256<float>.Zero);
        var six = Vector256.Create(6f);
        t = Vector256.ConditionalSelect(Vector256.LessThan(t, six), t, six);
        return x * t / six;
    }
}
