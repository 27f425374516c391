using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>RESHAPE: the new shape from the shape input (when it is 1-D and known) or the options; one -1 is inferred.</summary>
internal sealed class ReshapeKernel : IKernel
{
    public string? CheckSupport(OpNode node) =>
        node.Input(0).Type == node.Output(0).Type ? null : "input and output types differ";

    public void Prepare(OpNode node)
    {
        var input = node.Input(0);
        int[]? requested = null;
        if (node.OptionalInput(1) is { } shapeTensor && shapeTensor.Shape.Length == 1)
        {
            if (!shapeTensor.HasValue)
            {
                node.SetOutputDynamic(0);
                return;
            }
            requested = KernelSupport.ReadInts(node, shapeTensor);
        }
        requested ??= node.GetOptions<ReshapeOptions>().NewShape ?? node.Output(0).Source.Shape;
        node.SetOutputShape(0, Resolve(node, input, requested));
    }

    internal static int[] Resolve(OpNode node, RuntimeTensor input, int[] requested)
    {
        var shape = (int[])requested.Clone();
        int unknown = Array.IndexOf(shape, -1);
        long known = 1;
        for (int i = 0; i < shape.Length; i++) if (i != unknown) known *= shape[i];
        if (unknown >= 0)
        {
            KernelSupport.Require(node, known > 0 && input.ElementCount % known == 0, $"cannot reshape {Shape.Format(input.Shape)} to {Shape.Format(requested)}");
            shape[unknown] = (int)(input.ElementCount / known);
        }
        KernelSupport.Require(node, RuntimeTensor.ElementCountOf(shape) == input.ElementCount, $"cannot reshape {Shape.Format(input.Shape)} to {Shape.Format(requested)}");
        return shape;
    }

    public void Eval(OpNode node)
    {
        var input = node.Input(0);
        if (node.Output(0).IsDynamic) node.ResizeOutput(0, Resolve(node, input, KernelSupport.ReadInts(node, node.Input(1))));
        CopyKernel.Copy(input, node.Output(0));
    }
}

/// <summary>Shared eval of ops that only change the shape (RESHAPE, SQUEEZE, EXPAND_DIMS): a byte copy.</summary>
internal static class CopyKernel
{
    public static void Copy(RuntimeTensor input, RuntimeTensor output)
    {
        var src = input.Bytes;
        var dst = output.WritableBytes;
        if (src.Overlaps(dst, out int offset) && offset == 0) return;
        src.CopyTo(dst);
    }
}
