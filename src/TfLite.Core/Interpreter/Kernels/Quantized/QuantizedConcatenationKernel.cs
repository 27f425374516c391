using System.Numerics;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>
/// CONCATENATION of quantized inputs whose scale or zero point differ from the output's (the plain copy handles the
/// rest): TFLite's <c>ConcatenationWithScaling</c>.
/// </summary>
internal sealed class QuantizedConcatenationKernel : QuantizedKernel
{
    private static readonly ConcatenationKernel Shapes = new();

    public override bool Handles(OpNode node)
    {
        var output = node.Output(0);
        return QuantizedTensors.IsQuantizedInteger(output) &&
               node.Inputs.Any(t => t is not null && !ConcatenationKernel.SameQuantization(t, output));
    }

    public override string? CheckSupport(OpNode node)
    {
        var output = node.Output(0);
        foreach (var t in node.Inputs)
            if (t is null || t.Type != output.Type) return "inputs and output must have one type";
        return QuantizedTensors.CheckQuantized([.. node.Inputs, output]) ??
               (node.FusedActivation == ActivationFunction.None ? null : "quantized CONCATENATION takes no fused activation");
    }

    public override void Prepare(OpNode node) => Shapes.Prepare(node);

    public override void Eval(OpNode node) => TypeDispatch.Run(new Runner(node), node.Input(0), node.Output(0));

    private readonly struct Runner(OpNode node) : ISameTypeRunner
    {
        public void Run<T>(RuntimeTensor first, ReadOnlySpan<T> x, RuntimeTensor output, Span<T> y)
            where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
        {
            var n = node;
            int axis = (int)n.State!;
            var inputs = n.Inputs.Select(t => new ConcatenationInput<T>(t!.ToArray<T>(), t.Shape[axis],
                QuantizedTensors.Scale(n, t), QuantizedTensors.ZeroPoint(n, t))).ToArray();
            QuantizedConcatenation.Concatenate<T>(inputs, ShapeMath.Product(output.Shape, 0, axis),
                ShapeMath.Product(output.Shape, axis + 1, output.Shape.Length), QuantizedTensors.Scale(node, output),
                QuantizedTensors.ZeroPoint(node, output), y);
        }
    }
}
