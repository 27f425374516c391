using System.Numerics;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>
/// REDUCE_MAX and REDUCE_MIN for int8, uint8 and int16 tensors (inputs: input, constant axes). Like TFLite's reduce.cc
/// the raw values are compared without requantizing, so input and output must share scale and zero point.
/// </summary>
internal sealed class QuantizedReduceExtremumKernel(bool max) : QuantizedKernel
{
    public override string? CheckSupport(OpNode node) =>
        TypeDispatch.CheckSameType(node, TensorType.Int8, TensorType.UInt8, TensorType.Int16);

    public override void Prepare(OpNode node)
    {
        QuantizedTensors.RequireSameParameters(node);
        node.State = ReduceKernel.PrepareReduction(node);
    }

    public override void Eval(OpNode node) =>
        TypeDispatch.Run(new Runner(node.GetState<int[]>(), max), node.Input(0), node.Output(0));

    private readonly struct Runner(int[] map, bool max) : ISameTypeRunner
    {
        public void Run<T>(RuntimeTensor input, ReadOnlySpan<T> x, RuntimeTensor output, Span<T> y)
            where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
        {
            if (max) Reduce.Max(x, map, y);
            else Reduce.Min(x, map, y);
        }
    }
}
