using System.Numerics;
using TfLite.Core.Graph;

namespace TfLite.Core.Transforms.Folding;

/// <summary>
/// Element-wise arithmetic on constants with TFLite's semantics: NumPy broadcasting, float32 arithmetic in float32,
/// integer division truncating toward zero, MAXIMUM/MINIMUM as <c>std::max</c>/<c>std::min</c>, and a fused
/// activation applied as the clamp TFLite kernels apply (ADD, SUB, MUL and DIV clamp even without one: a float
/// infinity becomes the largest finite float, as TFLite's float kernels compute it).
/// </summary>
internal static class ArithmeticFolding
{
    /// <summary>ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM or SQUARED_DIFFERENCE of two constants of one type.</summary>
    public static FoldedConstant? Binary(Operator op)
    {
        if (op.Inputs.Count != 2 || op.Inputs[0] is not { } a || op.Inputs[1] is not { } b || a.Type != b.Type) return null;
        var activation = (op.Options as IFusedActivationOptions)?.FusedActivation;
        if (activation is null && op.Code is BuiltinOperator.Add or BuiltinOperator.Sub or BuiltinOperator.Mul or BuiltinOperator.Div)
            activation = ActivationFunction.None;
        // TANH and SIGN_BIT are not clamps; no TFLite arithmetic kernel gives them a meaning.
        if (activation is ActivationFunction.Tanh or ActivationFunction.SignBit) return null;
        if (IndexMaps.BroadcastShape(a.Shape, b.Shape) is not { } shape || !(IndexMaps.Count(shape) <= IndexMaps.MaxFoldedElements)) return null;
        return a.Type switch
        {
            TensorType.Float32 => Binary<float>(op.Code, a, b, shape, activation),
            TensorType.Int32 => Binary<int>(op.Code, a, b, shape, activation),
            TensorType.Int64 => Binary<long>(op.Code, a, b, shape, activation),
            _ => null,
        };
    }

    /// <summary>NEG, ABS, SQUARE of a number constant; SQRT and RSQRT of a float32 constant.</summary>
    public static FoldedConstant? Unary(Operator op)
    {
        if (op.Inputs.Count != 1 || op.Inputs[0] is not { } x) return null;
        return x.Type switch
        {
            TensorType.Float32 => Unary<float>(op.Code, x),
            TensorType.Int32 => Unary<int>(op.Code, x),
            TensorType.Int64 => Unary<long>(op.Code, x),
            _ => null,
        };
    }

    private static FoldedConstant? Binary<T>(BuiltinOperator code, Tensor a, Tensor b, int[] shape, ActivationFunction? activation)
        where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        var x = a.GetData<T>();
        var y = b.GetData<T>();
        var (fromA, fromB) = (IndexMaps.BroadcastSources(a.Shape, shape), IndexMaps.BroadcastSources(b.Shape, shape));
        var result = new T[fromA.Length];
        for (var i = 0; i < result.Length; i++)
        {
            if (Compute(code, x[fromA[i]], y[fromB[i]]) is not { } value) return null;
            result[i] = Clamp(value, activation);
        }
        return FoldedConstant.Of<T>(a.Type, shape, result);
    }

    private static T? Compute<T>(BuiltinOperator code, T p, T q) where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        var integer = typeof(T) != typeof(float);
        return code switch
        {
            BuiltinOperator.Add => p + q,
            BuiltinOperator.Sub => p - q,
            BuiltinOperator.Mul => p * q,
            // Integer division by zero (or the one overflowing quotient) has no defined result to fold.
            BuiltinOperator.Div when integer && (q == T.Zero || (p == T.MinValue && q == -T.One)) => null,
            BuiltinOperator.Div => p / q,
            BuiltinOperator.Maximum => p < q ? q : p,
            BuiltinOperator.Minimum => q < p ? q : p,
            BuiltinOperator.SquaredDifference => (p - q) * (p - q),
            _ => null,
        };
    }

    /// <summary>TFLite's activation clamp; null for operators that have no activation and do not clamp.</summary>
    private static T Clamp<T>(T value, ActivationFunction? activation) where T : unmanaged, INumber<T>, IMinMaxValue<T>
    {
        if (activation is not { } act) return value;
        var (low, high) = act switch
        {
            ActivationFunction.Relu => (T.Zero, T.MaxValue),
            ActivationFunction.Relu6 => (T.Zero, T.CreateChecked(6)),
            ActivationFunction.ReluN1To1 => (-T.One, T.One),
            _ => (T.MinValue, T.MaxValue),
        };
        if (value < low) value = low;
        return high < value ? high : value;
    }

    private static FoldedConstant? Unary<T>(BuiltinOperator code, Tensor x) where T : unmanaged, INumber<T>
    {
        var values = x.GetData<T>().ToArray();
        Func<T, T>? f = code switch
        {
            BuiltinOperator.Neg => v => -v,
            BuiltinOperator.Abs => T.Abs,
            BuiltinOperator.Square => v => v * v,
            BuiltinOperator.Sqrt when typeof(T) == typeof(float) => v => T.CreateChecked(MathF.Sqrt(float.CreateChecked(v))),
            BuiltinOperator.Rsqrt when typeof(T) == typeof(float) => v => T.CreateChecked(1f / MathF.Sqrt(float.CreateChecked(v))),
            _ => null,
        };
        if (f is null) return null;
        for (var i = 0; i < values.Length; i++) values[i] = f(values[i]);
        return FoldedConstant.Of<T>(x.Type, (int[])x.Shape.Clone(), values);
    }
}
