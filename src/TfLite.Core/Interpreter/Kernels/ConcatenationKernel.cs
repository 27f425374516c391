using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;
using TfLite.Core.Interpreter.Simd;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>CONCATENATION along an axis (any type; quantized inputs must share the output's parameters).</summary>
internal sealed class ConcatenationKernel : IKernel
{
    public string? CheckSupport(OpNode node)
    {
        var output = node.Output(0);
        foreach (var t in node.Inputs)
        {
            if (t is null || t.Type != output.Type) return "inputs and output must have one type";
            if (t.Type.IsQuantizedType() && !SameQuantization(t, output)) return "inputs with other quantization than the output need requantization";
        }
        if (output.Type == TensorType.Float32) return KernelSupport.ClampActivation(node);
        return output.Type.SizeOf() > 0 ? null : $"type {output.Type} is not supported";
    }

    internal static bool SameQuantization(RuntimeTensor a, RuntimeTensor b) =>
        (a.Quantization?.Scale ?? []).SequenceEqual(b.Quantization?.Scale ?? []) &&
        (a.Quantization?.ZeroPoint ?? []).SequenceEqual(b.Quantization?.ZeroPoint ?? []);

    public void Prepare(OpNode node)
    {
        var first = node.Input(0);
        int rank = first.Shape.Length;
        int axis = ShapeMath.Axis(node.GetOptions<ConcatenationOptions>().Axis, rank, node);
        var shape = (int[])first.Shape.Clone();
        shape[axis] = 0;
        foreach (var t in node.Inputs)
        {
            KernelSupport.Require(node, t!.Shape.Length == rank, "all inputs must have the same rank");
            for (int d = 0; d < rank; d++)
                KernelSupport.Require(node, d == axis || t.Shape[d] == first.Shape[d], $"input '{t.Name}' {Shape.Format(t.Shape)} does not match {Shape.Format(first.Shape)} off axis {axis}");
            shape[axis] += t.Shape[axis];
        }
        node.State = axis;
        node.SetOutputShape(0, shape);
    }

    public void Eval(OpNode node)
    {
        var output = node.Output(0);
        Concat.Join(node.Inputs.Select(t => (t!.Shape, t.Memory)).ToList(), (int)node.State!, output.Type.SizeOf(), output.WritableBytes);
        if (output.Type == TensorType.Float32 && node.FusedActivation != ActivationFunction.None)
        {
            var (lo, hi) = KernelSupport.FloatRange(node);
            SimdDriver.Clamp(output.Writable<float>(), lo, hi, node.UseSimd);
        }
    }
}
