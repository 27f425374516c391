using TfLite.Core.Graph;
using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.TensorFlow.Ops;

/// <summary>Pad/PadV2 (zeros) and MirrorPad with constant paddings -> PAD, MIRROR_PAD; Transpose with a constant
/// permutation -> TRANSPOSE.</summary>
public sealed class PadTransposeOps : ITfOpConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> OpTypes { get; } = ["Pad", "PadV2", "MirrorPad", "Transpose"];

    /// <inheritdoc />
    public IReadOnlyList<TfValue> Convert(TfNodeContext c)
    {
        var x = c.Input(0);
        var argument = c.Constant(1).IntValues();
        var type = x.Tensor?.Type ?? TensorType.Float32;
        if (c.Node.Op == "Transpose")
        {
            if (argument.Length != x.Dims.Length || argument.Order().Where((p, i) => p != i).Any())
                throw c.Invalid($"permutes {Shape.Format(x.Dims)} by [{string.Join(",", argument)}]");
            return [c.Emit(BuiltinOperator.Transpose, [c.Tensor(0), c.Tensor(1)], [.. argument.Select(p => x.Dims[p])], null, type)];
        }
        if (argument.Length != 2 * x.Dims.Length || argument.Any(p => p < 0))
            throw c.Invalid($"pads {Shape.Format(x.Dims)} by [{string.Join(",", argument)}]");
        var dims = x.Dims.Select((d, i) => d < 0 ? -1 : d + argument[2 * i] + argument[2 * i + 1]).ToArray();
        if (c.Node.Op == "PadV2" && c.Constant(2).FloatValues() is not [0f])
            throw c.Unsupported("a constant other than 0");
        if (c.Node.Op != "MirrorPad") return [c.Emit(BuiltinOperator.Pad, [c.Tensor(0), c.Tensor(1)], dims, null, type)];
        var mode = c.Attr.String("mode") == "SYMMETRIC" ? MirrorPadMode.Symmetric : MirrorPadMode.Reflect;
        return [c.Emit(BuiltinOperator.MirrorPad, [c.Tensor(0), c.Tensor(1)], dims, new MirrorPadOptions { Mode = mode }, type)];
    }
}
