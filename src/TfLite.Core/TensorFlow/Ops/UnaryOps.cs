using TfLite.Core.Graph;
using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>Activations (Relu, Relu6, LeakyRelu, Elu, Sigmoid, Tanh, Softmax) and the elementwise math batch norms are
/// written with (Rsqrt, Sqrt, Square, Neg), computed at conversion time on constants; Cast to float of a float.</summary>
public sealed class UnaryOps : ITfOpConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> OpTypes { get; } = ["Relu", "Relu6", "LeakyRelu", "Elu", "Sigmoid", "Tanh", "Softmax", "Rsqrt", "Sqrt", "Square", "Neg", "Exp", "Cast"];

    /// <inheritdoc />
    public IReadOnlyList<TfValue> Convert(TfNodeContext c)
    {
        var x = c.Input(0);
        if (c.Node.Op == "Cast") return [Cast(c, x)];
        if (x.IsConstant && Math(c) is { } math) return [ConstantMath.Unary(x, math)];
        var (code, options) = c.Node.Op switch
        {
            "Relu" => (BuiltinOperator.Relu, (OperatorOptions?)null),
            "Relu6" => (BuiltinOperator.Relu6, null),
            "LeakyRelu" => (BuiltinOperator.LeakyRelu, new LeakyReluOptions { Alpha = c.Attr.Float("alpha", 0.2f) }),
            "Elu" => (BuiltinOperator.Elu, null),
            "Sigmoid" => (BuiltinOperator.Logistic, null),
            "Tanh" => (BuiltinOperator.Tanh, null),
            "Softmax" => (BuiltinOperator.Softmax, new SoftmaxOptions { Beta = 1f }),
            "Rsqrt" => (BuiltinOperator.Rsqrt, null),
            "Sqrt" => (BuiltinOperator.Sqrt, null),
            "Square" => (BuiltinOperator.Square, null),
            "Neg" => (BuiltinOperator.Neg, null),
            _ => (BuiltinOperator.Exp, null),
        };
        return [c.Emit(code, [c.Tensor(0)], x.Dims, options)];
    }

    private static TfValue Cast(TfNodeContext c, TfValue x)
    {
        var to = c.Attr.Type("DstT");
        if (x.IsConstant)
            return to is Protos.DataType.DtFloat or Protos.DataType.DtDouble ? TfValue.Constant(x.FloatValues(), x.Dims) : TfValue.Constant([.. x.FloatValues().Select(v => (long)v)], x.Dims);
        var type = TfTypes.ToTfLite(to, c.Node);
        return x.Tensor!.Type == type ? x : c.Emit(BuiltinOperator.Cast, [c.Tensor(0)], x.Dims, null, type);
    }

    private static Func<double, double>? Math(TfNodeContext c) => c.Node.Op switch
    {
        "Relu" => v => System.Math.Max(v, 0),
        "Relu6" => v => System.Math.Clamp(v, 0, 6),
        "Sigmoid" => v => 1 / (1 + System.Math.Exp(-v)),
        "Tanh" => System.Math.Tanh,
        "Rsqrt" => v => 1 / System.Math.Sqrt(v),
        "Sqrt" => System.Math.Sqrt,
        "Square" => v => v * v,
        "Neg" => v => -v,
        "Exp" => System.Math.Exp,
        _ => null,
    };
}
