using System.Numerics;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter.FixedPoint;
using TfLite.Core.Interpreter.Reference;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>
/// MEAN and SUM for int8, uint8 and int16 tensors (inputs: input, constant axes), choosing among TFLite's integer
/// mean implementations as TFLite Micro does.
/// </summary>
internal sealed class QuantizedReduceKernel(bool sum) : QuantizedKernel
{
    private enum Method { OverHeightWidth, SameScale, Rescaled }

    private sealed record State(Method Method, int[] Axes, QuantizedMultiplier Multiplier, int InputZeroPoint, int OutputZeroPoint);

    public override string? CheckSupport(OpNode node) =>
        TypeDispatch.CheckSameType(node, TensorType.Int8, TensorType.UInt8, TensorType.Int16);

    public override void Prepare(OpNode node)
    {
        var input = node.Input(0);
        var axesTensor = node.Input(1);
        if (!axesTensor.HasValue) throw node.Error("DynamicTensor", $"{node.Describe()}: the axes must be constant.");
        int rank = input.Shape.Length;
        var axes = KernelSupport.ReadInts(node, axesTensor).Select(a => ShapeMath.Axis(a, rank, node)).Distinct().ToArray();
        bool keepDims = node.GetOptions<ReducerOptions>().KeepDims;
        node.SetOutputShape(0, Reduce.OutputShape(input.Shape, axes, keepDims));

        var output = node.Output(0);
        float inputScale = QuantizedTensors.Scale(node, input), outputScale = QuantizedTensors.Scale(node, output);
        int inputZeroPoint = QuantizedTensors.ZeroPoint(node, input), outputZeroPoint = QuantizedTensors.ZeroPoint(node, output);
        var multiplier = QuantizedMultiplier.Quantize((double)inputScale / outputScale, node.Rounding);
        var method = sum ? Method.Rescaled
            : keepDims && rank == 4 && axes.Length == 2 && axes.Contains(1) && axes.Contains(2) ? Method.OverHeightWidth
            : inputZeroPoint == outputZeroPoint && inputScale == outputScale ? Method.SameScale
            : Method.Rescaled;
        node.State = new State(method, axes, multiplier, inputZeroPoint, outputZeroPoint);
    }

    public override void Eval(OpNode node) =>
        TypeDispatch.Run(new Runner(node.GetState<State>(), sum, node.Rounding), node.Input(0), node.Output(0));

    private readonly struct Runner(State s, bool sum, RoundingMode rounding) : ISameTypeRunner
    {
        public void Run<T>(RuntimeTensor input, ReadOnlySpan<T> x, RuntimeTensor output, Span<T> y)
            where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
        {
            switch (s.Method)
            {
                case Method.OverHeightWidth:
                    QuantizedReduce.MeanOverHeightWidth(s.Multiplier, s.InputZeroPoint, s.OutputZeroPoint, rounding,
                        Dims4.From(input.Shape), x, y);
                    break;
                case Method.SameScale:
                    QuantizedReduce.MeanSameScale(input.Shape, x, s.Axes, y);
                    break;
                default:
                    QuantizedReduce.MeanOrSum(s.Multiplier, s.InputZeroPoint, s.OutputZeroPoint, rounding, sum, input.Shape,
                        x, s.Axes, y);
                    break;
            }
        }
    }
}
