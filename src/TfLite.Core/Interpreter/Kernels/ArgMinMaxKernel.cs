using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>Base of ARG_MAX / ARG_MIN over float input: inputs (input, axis); the first extreme index wins.</summary>
internal abstract class ArgMinMaxKernel(bool max) : IKernel
{
    public string? CheckSupport(OpNode node) =>
        node.Input(0).Type == TensorType.Float32 && node.Output(0).Type is TensorType.Int32 or TensorType.Int64 ? null : "no kernel for these types";

    public void Prepare(OpNode node)
    {
        var shape = node.Input(0).Shape;
        if (!node.Input(1).HasValue) throw node.Error("DynamicTensor", $"{node.Describe()}: the axis must be constant.");
        int axis = ShapeMath.Axis(KernelSupport.ReadInts(node, node.Input(1))[0], shape.Length, node);
        node.State = axis;
        node.SetOutputShape(0, [.. shape[..axis], .. shape[(axis + 1)..]]);
    }

    public void Eval(OpNode node)
    {
        var input = node.Input(0);
        int axis = (int)node.State!;
        int outer = ShapeMath.Product(input.Shape, 0, axis), n = input.Shape[axis], inner = ShapeMath.Product(input.Shape, axis + 1, input.Shape.Length);
        var x = input.AsSpan<float>();
        var output = node.Output(0);
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int best = 0;
                float bestValue = x[o * n * inner + i];
                for (int k = 1; k < n; k++)
                {
                    float v = x[(o * n + k) * inner + i];
                    if (max ? v > bestValue : v < bestValue) { best = k; bestValue = v; }
                }
                if (output.Type == TensorType.Int32) output.Writable<int>()[o * inner + i] = best;
                else output.Writable<long>()[o * inner + i] = best;
            }
    }
}

/// <summary>ARG_MAX.</summary>
internal sealed class ArgMaxKernel() : ArgMinMaxKernel(true);

/// <summary>ARG_MIN.</summary>
internal sealed class ArgMinKernel() : ArgMinMaxKernel(false);
