using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>SHAPE: the input's current shape as int32 or int64 (computed during Prepare).</summary>
internal sealed class ShapeKernel : IKernel
{
    public string? CheckSupport(OpNode node) => node.Output(0).Type is TensorType.Int32 or TensorType.Int64 ? null : "output must be int32 or int64";

    public void Prepare(OpNode node) => node.SetOutputShape(0, [node.Input(0).Shape.Length]);

    public void Eval(OpNode node)
    {
        var shape = node.Input(0).Shape;
        var output = node.Output(0);
        if (output.Type == TensorType.Int32) shape.CopyTo(output.Writable<int>());
        else for (int i = 0; i < shape.Length; i++) output.Writable<long>()[i] = shape[i];
    }
}
