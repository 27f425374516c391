using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>RESIZE_BILINEAR (float): inputs (input NHWC, size [2]).</summary>
internal sealed class ResizeBilinearKernel : IKernel
{
    public string? CheckSupport(OpNode node) =>
        node.Input(0).Type == TensorType.Float32 && node.Output(0).Type == TensorType.Float32 ? null : "no kernel for this type";

    public void Prepare(OpNode node) => SetOutputShape(node);

    /// <summary>Checks the input and the constant size, and sets the output shape (shared with the integer kernel).</summary>
    public static void SetOutputShape(OpNode node)
    {
        var input = node.Input(0);
        KernelSupport.RequireRank(node, input, 4);
        if (!node.Input(1).HasValue) throw node.Error("DynamicTensor", $"{node.Describe()}: the size must be constant.");
        var size = KernelSupport.ReadInts(node, node.Input(1));
        KernelSupport.Require(node, size.Length == 2 && size[0] > 0 && size[1] > 0, "size must hold two positive values");
        node.SetOutputShape(0, [input.Shape[0], size[0], size[1], input.Shape[3]]);
    }

    public void Eval(OpNode node)
    {
        var o = node.GetOptions<ResizeBilinearOptions>();
        var input = node.Input(0);
        var output = node.Output(0);
        Reference.ResizeBilinear.Float(input.Shape, input.AsSpan<float>(), output.Shape[1], output.Shape[2], o.AlignCorners, o.HalfPixelCenters, output.Writable<float>());
    }
}
