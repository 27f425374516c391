using System.Collections.Frozen;
using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>Maps builtin operators to their kernels. Kernels keep no state of their own (it lives in
/// <see cref="OpNode.State"/>), so one instance serves every node.</summary>
internal static class KernelRegistry
{
    private static readonly FrozenDictionary<BuiltinOperator, IKernel> Kernels = Quantized.QuantizedKernels.Attach(new Dictionary<BuiltinOperator, IKernel>
    {
        [BuiltinOperator.Abs] = new AbsKernel(),
        [BuiltinOperator.Add] = new AddKernel(),
        [BuiltinOperator.ArgMax] = new ArgMaxKernel(),
        [BuiltinOperator.ArgMin] = new ArgMinKernel(),
        [BuiltinOperator.AssignVariable] = new AssignVariableKernel(),
        [BuiltinOperator.AveragePool2D] = new AveragePool2DKernel(),
        [BuiltinOperator.BatchMatmul] = new BatchMatmulKernel(),
        [BuiltinOperator.BroadcastTo] = new BroadcastToKernel(),
        [BuiltinOperator.Cast] = new CastKernel(),
        [BuiltinOperator.Ceil] = new CeilKernel(),
        [BuiltinOperator.Concatenation] = new ConcatenationKernel(),
        [BuiltinOperator.Conv2D] = new Conv2DKernel(),
        [BuiltinOperator.Cos] = new CosKernel(),
        [BuiltinOperator.DepthToSpace] = new DepthToSpaceKernel(),
        [BuiltinOperator.DepthwiseConv2D] = new DepthwiseConv2DKernel(),
        [BuiltinOperator.Dequantize] = new DequantizeKernel(),
        [BuiltinOperator.Div] = new DivKernel(),
        [BuiltinOperator.Elu] = new EluKernel(),
        [BuiltinOperator.Exp] = new ExpKernel(),
        [BuiltinOperator.ExpandDims] = new ExpandDimsKernel(),
        [BuiltinOperator.Fill] = new FillKernel(),
        [BuiltinOperator.Floor] = new FloorKernel(),
        [BuiltinOperator.FullyConnected] = new FullyConnectedKernel(),
        [BuiltinOperator.Gather] = new GatherKernel(),
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
        [BuiltinOperator.MirrorPad] = new MirrorPadKernel(),
        [BuiltinOperator.Mul] = new MulKernel(),
        [BuiltinOperator.Neg] = new NegKernel(),
        [BuiltinOperator.Pack] = new PackKernel(),
        [BuiltinOperator.Pad] = new PadKernel(),
        [BuiltinOperator.Padv2] = new Padv2Kernel(),
        [BuiltinOperator.Prelu] = new PreluKernel(),
        [BuiltinOperator.Quantize] = new QuantizeKernel(),
        [BuiltinOperator.ReadVariable] = new ReadVariableKernel(),
        [BuiltinOperator.ReduceMax] = new ReduceMaxKernel(),
        [BuiltinOperator.ReduceMin] = new ReduceMinKernel(),
        [BuiltinOperator.ReduceProd] = new ReduceProdKernel(),
        [BuiltinOperator.Relu] = new ReluKernel(),
        [BuiltinOperator.Relu0To1] = new Relu0To1Kernel(),
        [BuiltinOperator.Relu6] = new Relu6Kernel(),
        [BuiltinOperator.ReluN1To1] = new ReluN1To1Kernel(),
        [BuiltinOperator.Reshape] = new ReshapeKernel(),
        [BuiltinOperator.ResizeBilinear] = new ResizeBilinearKernel(),
        [BuiltinOperator.ResizeNearestNeighbor] = new ResizeNearestNeighborKernel(),
        [BuiltinOperator.ReverseV2] = new ReverseV2Kernel(),
        [BuiltinOperator.Round] = new RoundKernel(),
        [BuiltinOperator.Rsqrt] = new RsqrtKernel(),
        [BuiltinOperator.Shape] = new ShapeKernel(),
        [BuiltinOperator.Sin] = new SinKernel(),
        [BuiltinOperator.Slice] = new SliceKernel(),
        [BuiltinOperator.Softmax] = new SoftmaxKernel(),
        [BuiltinOperator.SpaceToDepth] = new SpaceToDepthKernel(),
        [BuiltinOperator.Split] = new SplitKernel(),
        [BuiltinOperator.SplitV] = new SplitVKernel(),
        [BuiltinOperator.Sqrt] = new SqrtKernel(),
        [BuiltinOperator.Square] = new SquareKernel(),
        [BuiltinOperator.SquaredDifference] = new SquaredDifferenceKernel(),
        [BuiltinOperator.Squeeze] = new SqueezeKernel(),
        [BuiltinOperator.StridedSlice] = new StridedSliceKernel(),
        [BuiltinOperator.Sub] = new SubKernel(),
        [BuiltinOperator.Sum] = new SumKernel(),
        [BuiltinOperator.Tanh] = new TanhKernel(),
        [BuiltinOperator.Tile] = new TileKernel(),
        [BuiltinOperator.Transpose] = new TransposeKernel(),
        [BuiltinOperator.TransposeConv] = new TransposeConvKernel(),
        [BuiltinOperator.UnidirectionalSequenceLstm] = new UnidirectionalSequenceLstmKernel(),
        [BuiltinOperator.UnidirectionalSequenceRnn] = new UnidirectionalSequenceRnnKernel(),
        [BuiltinOperator.Unpack] = new UnpackKernel(),
        [BuiltinOperator.VarHandle] = new VarHandleKernel(),
        [BuiltinOperator.ZerosLike] = new ZerosLikeKernel(),
    }).ToFrozenDictionary();

    /// <summary>The kernel of an operator, or null when there is none.</summary>
    public static IKernel? Find(BuiltinOperator code) => Kernels.GetValueOrDefault(code);

    /// <summary>Every operator that has a kernel.</summary>
    public static IEnumerable<BuiltinOperator> Supported => Kernels.Keys.Order();
}
