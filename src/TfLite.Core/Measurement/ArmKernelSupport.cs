using TfLite.Core.Graph;

namespace TfLite.Core.Measurement;

/// <summary>Where an operator would run on an Arm Cortex-M device with TFLite Micro.</summary>
public enum ArmKernel
{
    /// <summary>TFLite Micro has no builtin kernel for the operator.</summary>
    Unsupported,
    /// <summary>TFLite Micro's portable reference kernel.</summary>
    TflmReference,
    /// <summary>CMSIS-NN's optimized kernel (TFLite Micro built with OPTIMIZED_KERNEL_DIR=cmsis_nn).</summary>
    CmsisNn,
}

/// <summary>
/// Tables of TFLite Micro's builtin kernels (the <c>Add*</c> methods of its <c>MicroMutableOpResolver</c>) and of the
/// operators that its <c>kernels/cmsis_nn</c> folder replaces with CMSIS-NN calls for int8 and int16 activations.
/// </summary>
public static class ArmKernelSupport
{
    private static readonly HashSet<BuiltinOperator> Tflm =
    [
        BuiltinOperator.Abs, BuiltinOperator.Add, BuiltinOperator.AddN, BuiltinOperator.ArgMax, BuiltinOperator.ArgMin,
        BuiltinOperator.AssignVariable, BuiltinOperator.AveragePool2D, BuiltinOperator.BatchMatmul,
        BuiltinOperator.BatchToSpaceNd, BuiltinOperator.BroadcastArgs, BuiltinOperator.BroadcastTo, BuiltinOperator.CallOnce,
        BuiltinOperator.Cast, BuiltinOperator.Ceil, BuiltinOperator.Concatenation, BuiltinOperator.Conv2D, BuiltinOperator.Cos,
        BuiltinOperator.Cumsum, BuiltinOperator.DepthToSpace, BuiltinOperator.DepthwiseConv2D, BuiltinOperator.Dequantize,
        BuiltinOperator.Div, BuiltinOperator.Elu, BuiltinOperator.EmbeddingLookup, BuiltinOperator.Equal, BuiltinOperator.Exp,
        BuiltinOperator.ExpandDims, BuiltinOperator.Fill, BuiltinOperator.Floor, BuiltinOperator.FloorDiv,
        BuiltinOperator.FloorMod, BuiltinOperator.FullyConnected, BuiltinOperator.Gather, BuiltinOperator.GatherNd,
        BuiltinOperator.Greater, BuiltinOperator.GreaterEqual, BuiltinOperator.HardSwish, BuiltinOperator.If,
        BuiltinOperator.L2Normalization, BuiltinOperator.L2Pool2D, BuiltinOperator.LeakyRelu, BuiltinOperator.Less,
        BuiltinOperator.LessEqual, BuiltinOperator.Log, BuiltinOperator.LogicalAnd, BuiltinOperator.LogicalNot,
        BuiltinOperator.LogicalOr, BuiltinOperator.Logistic, BuiltinOperator.LogSoftmax, BuiltinOperator.Maximum,
        BuiltinOperator.MaxPool2D, BuiltinOperator.Mean, BuiltinOperator.Minimum, BuiltinOperator.MirrorPad,
        BuiltinOperator.Mul, BuiltinOperator.Neg, BuiltinOperator.NotEqual, BuiltinOperator.Pack, BuiltinOperator.Pad,
        BuiltinOperator.Padv2, BuiltinOperator.Prelu, BuiltinOperator.Quantize, BuiltinOperator.ReadVariable,
        BuiltinOperator.ReduceMax, BuiltinOperator.Relu, BuiltinOperator.Relu6, BuiltinOperator.Reshape,
        BuiltinOperator.ResizeBilinear, BuiltinOperator.ResizeNearestNeighbor, BuiltinOperator.Round, BuiltinOperator.Rsqrt,
        BuiltinOperator.SelectV2, BuiltinOperator.Shape, BuiltinOperator.Sin, BuiltinOperator.Slice, BuiltinOperator.Softmax,
        BuiltinOperator.SpaceToBatchNd, BuiltinOperator.SpaceToDepth, BuiltinOperator.Split, BuiltinOperator.SplitV,
        BuiltinOperator.Sqrt, BuiltinOperator.Square, BuiltinOperator.SquaredDifference, BuiltinOperator.Squeeze,
        BuiltinOperator.StridedSlice, BuiltinOperator.Sub, BuiltinOperator.Sum, BuiltinOperator.Svdf, BuiltinOperator.Tanh,
        BuiltinOperator.Transpose, BuiltinOperator.TransposeConv, BuiltinOperator.UnidirectionalSequenceLstm,
        BuiltinOperator.Unpack, BuiltinOperator.VarHandle, BuiltinOperator.While, BuiltinOperator.ZerosLike,
    ];

    private static readonly HashSet<BuiltinOperator> CmsisNn =
    [
        BuiltinOperator.Add, BuiltinOperator.AveragePool2D, BuiltinOperator.BatchMatmul, BuiltinOperator.Conv2D,
        BuiltinOperator.DepthwiseConv2D, BuiltinOperator.FullyConnected, BuiltinOperator.Maximum, BuiltinOperator.MaxPool2D,
        BuiltinOperator.Minimum, BuiltinOperator.Mul, BuiltinOperator.Pad, BuiltinOperator.Softmax, BuiltinOperator.Svdf,
        BuiltinOperator.Transpose, BuiltinOperator.TransposeConv, BuiltinOperator.UnidirectionalSequenceLstm,
    ];

    /// <summary>True when TFLite Micro has a builtin kernel for the operator code.</summary>
    public static bool IsTflmBuiltin(BuiltinOperator code) => Tflm.Contains(code);

    /// <summary>True when CMSIS-NN has an optimized kernel for the operator code (for int8/int16 activations).</summary>
    public static bool HasCmsisNnKernel(BuiltinOperator code) => CmsisNn.Contains(code);

    /// <summary>The kernel one operator would use: CMSIS-NN when it has one and the operator's first input is
    /// int8 or int16, else TFLite Micro's reference kernel, else unsupported.</summary>
    public static ArmKernel KernelFor(Operator op)
    {
        if (!Tflm.Contains(op.Code)) return ArmKernel.Unsupported;
        var type = op.Inputs.Count > 0 ? op.Inputs[0]?.Type : null;
        return CmsisNn.Contains(op.Code) && type is TensorType.Int8 or TensorType.Int16 ? ArmKernel.CmsisNn : ArmKernel.TflmReference;
    }

    /// <summary>One word for a whole model: <c>unsupported: OPS</c> when any operator has no TFLite Micro kernel;
    /// <c>CMSIS-NN</c> when every operator that CMSIS-NN optimizes runs there; otherwise <c>TFLM reference</c>.</summary>
    public static string Summarize(TfLiteGraph graph)
    {
        var ops = graph.Subgraphs.SelectMany(s => s.Operators).ToList();
        var unsupported = ops.Where(o => KernelFor(o) == ArmKernel.Unsupported).Select(o => OperatorNames.Of(o)).Distinct().ToList();
        if (unsupported.Count > 0) return "unsupported: " + string.Join(", ", unsupported);
        var optimizable = ops.Where(o => CmsisNn.Contains(o.Code)).ToList();
        return optimizable.Count > 0 && optimizable.All(o => KernelFor(o) == ArmKernel.CmsisNn) ? "CMSIS-NN" : "TFLM reference";
    }
}
