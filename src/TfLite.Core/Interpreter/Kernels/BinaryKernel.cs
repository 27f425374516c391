using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;
using TfLite.Core.Interpreter.Simd;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>
/// Base of broadcasting element-wise kernels: float through the vector operator <typeparamref name="TOp"/>,
/// int32/int64 through <see cref="IntegerOp"/> when the subclass has one.
/// </summary>
internal abstract class BinaryKernel<TOp> : IKernel where TOp : IBinaryOperator
{
    /// <summary>True for ADD/SUB/MUL/DIV, which clamp their output (fused activation or the float range).</summary>
    protected virtual bool Clamps => true;

    /// <summary>The integer form of the op, or null when the op has no integer kernel here.</summary>
    protected virtual Func<long, long, long>? IntegerOp => null;

    public virtual string? CheckSupport(OpNode node)
    {
        var t = node.Input(0).Type;
        if (node.Input(1).Type != t || node.Output(0).Type != t) return "inputs and output must have one type";
        return t switch
        {
            TensorType.Float32 => Clamps ? KernelSupport.ClampActivation(node) : null,
            TensorType.Int32 or TensorType.Int64 when IntegerOp is not null => null,
            _ => "no kernel for this type",
        };
    }

    public void Prepare(OpNode node)
    {
        var a = node.Input(0);
        var b = node.Input(1);
        var shape = ShapeMath.Broadcast(a.Shape, b.Shape)
            ?? throw node.Error("InvalidShape", $"{node.Describe()}: shapes {Shape.Format(a.Shape)} and {Shape.Format(b.Shape)} do not broadcast.");
        node.SetOutputShape(0, shape);
    }

    public void Eval(OpNode node)
    {
        var a = node.Input(0);
        var b = node.Input(1);
        var output = node.Output(0);
        switch (a.Type)
        {
            case TensorType.Float32:
                BroadcastBinary.Float<TOp>(a.Shape, a.AsSpan<float>(), b.Shape, b.AsSpan<float>(), output.Shape, output.Writable<float>(),
                    Clamps ? KernelSupport.FloatRange(node) : null, node.UseSimd);
                break;
            case TensorType.Int32:
                var op32 = IntegerOp!;
                BroadcastBinary.Generic<int, int>(a.Shape, a.AsSpan<int>(), b.Shape, b.AsSpan<int>(), output.Shape, output.Writable<int>(), (x, y) => (int)op32(x, y));
                break;
            case TensorType.Int64:
                BroadcastBinary.Generic<long, long>(a.Shape, a.AsSpan<long>(), b.Shape, b.AsSpan<long>(), output.Shape, output.Writable<long>(), IntegerOp!);
                break;
        }
    }
}
