using System.Collections.Frozen;
using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>Maps builtin operators to their kernels. Kernels keep no state of their own (it lives in
/// <see cref="OpNode.State"/>), so one instance serves every node.</summary>
internal static class KernelRegistry
{
    private static readonly FrozenDictionary<BuiltinOperator, IKernel> Kernels = new Dictionary<BuiltinOperator, IKernel>
    {
        [BuiltinOperator.Abs] = new AbsKernel(),
        [BuiltinOperator.Add] = new AddKernel(),
        [BuiltinOperator.AveragePool2D] = new AveragePool2DKernel(),
        [BuiltinOperator.Ceil] = new CeilKernel(),
        [BuiltinOperator.Conv2D] = new Conv2DKernel(),
        [BuiltinOperator.Cos] = new CosKernel(),
        [BuiltinOperator.DepthwiseConv2D] = new DepthwiseConv2DKernel(),
        [BuiltinOperator.Dequantize] = new DequantizeKernel(),
        [BuiltinOperator.Div] = new DivKernel(),
        [BuiltinOperator.Elu] = new EluKernel(),
        [BuiltinOperator.Exp] = new ExpKernel(),
        [BuiltinOperator.Floor] = new FloorKernel(),
        [BuiltinOperator.FullyConnected] = new FullyConnectedKernel(),
        [BuiltinOperator.Gelu] = new GeluKernel(),
        [BuiltinOperator.HardSwish] = new HardSwishKernel(),
        [BuiltinOperator.L2Pool2D] = new L2Pool2DKernel(),
        [BuiltinOperator.LeakyRelu] = new LeakyReluKernel(),
        [BuiltinOperator.Log] = new LogKernel(),
        [BuiltinOperator.LogSoftmax] = new LogSoftmaxKernel(),
        [BuiltinOperator.Logistic] = new LogisticKernel(),
        [BuiltinOperator.MaxPool2D] = new MaxPool2DKernel(),
        [BuiltinOperator.Maximum] = new MaximumKernel(),
        [BuiltinOperator.Mean] = new MeanKernel(),
        [BuiltinOperator.Minimum] = new MinimumKernel(),
        [BuiltinOperator.Mul] = new MulKernel(),
        [BuiltinOperator.Neg] = new NegKernel(),
        [BuiltinOperator.Pad] = new PadKernel(),
        [BuiltinOperator.Padv2] = new Padv2Kernel(),
        [BuiltinOperator.Quantize] = new QuantizeKernel(),
        [BuiltinOperator.ReduceMax] = new ReduceMaxKernel(),
        [BuiltinOperator.ReduceMin] = new ReduceMinKernel(),
        [BuiltinOperator.ReduceProd] = new ReduceProdKernel(),
        [BuiltinOperator.Relu] = new ReluKernel(),
        [BuiltinOperator.Relu0To1] = new Relu0To1Kernel(),
        [BuiltinOperator.Relu6] = new Relu6Kernel(),
        [BuiltinOperator.ReluN1To1] = new ReluN1To1Kernel(),
        [BuiltinOperator.Reshape] = new ReshapeKernel(),
        [BuiltinOperator.Round] = new RoundKernel(),
        [BuiltinOperator.Rsqrt] = new RsqrtKernel(),
        [BuiltinOperator.Sin] = new SinKernel(),
        [BuiltinOperator.Softmax] = new SoftmaxKernel(),
        [BuiltinOperator.Sqrt] = new SqrtKernel(),
        [BuiltinOperator.Square] = new SquareKernel(),
        [BuiltinOperator.SquaredDifference] = new SquaredDifferenceKernel(),
        [BuiltinOperator.Sub] = new SubKernel(),
        [BuiltinOperator.Sum] = new SumKernel(),
        [BuiltinOperator.Tanh] = new TanhKernel(),
    }.ToFrozenDictionary();

    /// <summary>The kernel of an operator, or null when there is none.</summary>
    public static IKernel? Find(BuiltinOperator code) => Kernels.GetValueOrDefault(code);

    /// <summary>Every operator that has a kernel.</summary>
    public static IEnumerable<BuiltinOperator> Supported => Kernels.Keys.Order();
}
