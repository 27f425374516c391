using TfLite.Core.Graph;
using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>
/// BiasAdd, Add/AddV2, Sub, Mul, RealDiv, Maximum, Minimum -> ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM (with broadcasting),
/// computed at conversion time when both operands are constants. <c>Maximum(x, c)</c> with c at or below -1e20 — the
/// trick that kept old converters from dropping a last FakeQuant — changes nothing and is removed.
/// </summary>
public sealed class BinaryOps : ITfOpConverter
{
    private const float NegligibleFloor = -1e20f;

    /// <inheritdoc />
    public IReadOnlyList<string> OpTypes { get; } = ["BiasAdd", "BiasAddV1", "Add", "AddV2", "Sub", "Mul", "RealDiv", "Maximum", "Minimum", "SquaredDifference"];

    /// <inheritdoc />
    public IReadOnlyList<TfValue> Convert(TfNodeContext c)
    {
        if (c.Node.Op.StartsWith("BiasAdd", StringComparison.Ordinal) && c.Attr.String("data_format", "NHWC") != "NHWC")
            throw c.Unsupported("data_format NCHW");
        var (a, b) = (c.Input(0), c.Input(1));
        var dims = ConstantMath.BroadcastDims(a.Dims, b.Dims) ?? throw c.Invalid($"has operands {Shape.Format(a.Dims)} and {Shape.Format(b.Dims)} that do not broadcast");
        if (a.IsConstant && b.IsConstant) return [ConstantMath.Binary(a, b, dims, Math(c.Node.Op))];
        if (c.Node.Op == "Maximum" && IsNegligibleFloor(b) && Shape.AreEqual(dims, a.Dims)) return [a];
        if (c.Node.Op == "SquaredDifference")
        {
            var difference = c.Emit(BuiltinOperator.Sub, [c.Tensor(0), c.Tensor(1)], dims, new SubOptions());
            return [c.Emit(BuiltinOperator.Mul, [difference.Tensor, difference.Tensor], dims, new MulOptions())];
        }
        var (code, options) = Operator(c.Node.Op);
        var type = a.Tensor?.Type ?? b.Tensor?.Type ?? TensorType.Float32;
        return [c.Emit(code, [c.Tensor(0), c.Tensor(1)], dims, options, type)];
    }

    private static bool IsNegligibleFloor(TfValue v) => v.IsConstant && v.FloatValues() is { Length: 1 } f && f[0] <= NegligibleFloor;

    private static (BuiltinOperator, OperatorOptions?) Operator(string op) => op switch
    {
        "Sub" => (BuiltinOperator.Sub, new SubOptions()),
        "Mul" => (BuiltinOperator.Mul, new MulOptions()),
        "RealDiv" => (BuiltinOperator.Div, new DivOptions()),
        "Maximum" => (BuiltinOperator.Maximum, null),
        "Minimum" => (BuiltinOperator.Minimum, null),
        _ => (BuiltinOperator.Add, new AddOptions()),
    };

    private static Func<double, double, double> Math(string op) => op switch
    {
        "Sub" => (x, y) => x - y,
        "Mul" => (x, y) => x * y,
        "RealDiv" => (x, y) => x / y,
        "Maximum" => System.Math.Max,
        "Minimum" => System.Math.Min,
        "SquaredDifference" => (x, y) => (x - y) * (x - y),
        _ => (x, y) => x + y,
    };
}
