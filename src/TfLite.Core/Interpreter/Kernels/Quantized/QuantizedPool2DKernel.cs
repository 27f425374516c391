using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference;
using TfLite.Core.Interpreter.Reference.Integer;
using TfLite.Core.Interpreter.Simd.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>AVERAGE_POOL_2D and MAX_POOL_2D for int8, uint8 and int16 tensors (input and output share scale and zero point).</summary>
internal sealed class QuantizedPool2DKernel(bool average) : QuantizedKernel
{
    private sealed record State(QuantizedPoolParams Params, Dims4 Input, Dims4 Output)
    {
        /// <summary>Whether the last Eval found every pooling window with a tap inside the input; kept here, made
        /// once at prepare, since a box made per Eval is garbage on every Invoke.</summary>
        public StrongBox<bool> Succeeded { get; } = new(true);
    }

    public override string? CheckSupport(OpNode node) =>
        TypeDispatch.CheckSameType(node, TensorType.Int8, TensorType.UInt8, TensorType.Int16) ?? QuantizedTensors.CheckActivation(node);

    public override void Prepare(OpNode node)
    {
        var o = node.GetOptions<Pool2DOptions>();
        var input = node.Input(0);
        KernelSupport.RequireRank(node, input, 4);
        KernelSupport.Require(node, o.StrideH > 0 && o.StrideW > 0 && o.FilterHeight > 0 && o.FilterWidth > 0,
            "strides and filter sizes must be positive");
        int outH = ShapeMath.WindowOutputSize(o.Padding, input.Shape[1], o.FilterHeight, o.StrideH, 1);
        int outW = ShapeMath.WindowOutputSize(o.Padding, input.Shape[2], o.FilterWidth, o.StrideW, 1);
        int[] outShape = [input.Shape[0], outH, outW, input.Shape[3]];
        node.SetOutputShape(0, outShape);
        var (min, max) = QuantizedTensors.ActivationRange(node, node.Output(0));
        var p = new QuantizedPoolParams(o.StrideH, o.StrideW, o.FilterHeight, o.FilterWidth,
            ShapeMath.WindowPadding(input.Shape[1], o.FilterHeight, o.StrideH, 1, outH),
            ShapeMath.WindowPadding(input.Shape[2], o.FilterWidth, o.StrideW, 1, outW), min, max);
        node.State = new State(p, Dims4.From(input.Shape), Dims4.From(outShape));
    }

    public override void Eval(OpNode node)
    {
        var s = node.GetState<State>();
        TypeDispatch.Run(new Runner(s, average, node.UseSimd && Int8AveragePool.Covers(s.Params, VectorWidths.Best)), node.Input(0), node.Output(0));
        if (average && !s.Succeeded.Value)
            throw node.Error("EmptyPoolingWindow", $"{node.Describe()}: a pooling window lies entirely in the padding.");
    }

    private readonly struct Runner(State s, bool average, bool vectorized) : ISameTypeRunner
    {
        public void Run<T>(RuntimeTensor input, ReadOnlySpan<T> x, RuntimeTensor output, Span<T> y)
            where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
        {
            if (average && vectorized && typeof(T) == typeof(sbyte))
                s.Succeeded.Value = Int8AveragePool.Run(s.Params, s.Input, MemoryMarshal.Cast<T, sbyte>(x), s.Output, MemoryMarshal.Cast<T, sbyte>(y));
            else if (average) s.Succeeded.Value = IntegerPooling.AveragePool(s.Params, s.Input, x, s.Output, y);
            else IntegerPooling.MaxPool(s.Params, s.Input, x, s.Output, y);
        }
    }
}
