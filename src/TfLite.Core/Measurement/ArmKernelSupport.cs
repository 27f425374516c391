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
/// Tables of TFLite Micro's builtin kernels (the builtin <c>Add*</c> methods of its <c>MicroMutableOpResolver</c>) and
/// of the operators that its <c>kernels/cmsis_nn</c> folder hands to CMSIS-NN, with the activation types each of them
/// hands over (the others fall back to the portable reference code inside the same kernel).
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
        BuiltinOperator.ReduceMax, BuiltinOperator.ReduceMin, BuiltinOperator.Relu, BuiltinOperator.Relu6,
        BuiltinOperator.Reshape, BuiltinOperator.ResizeBilinear, BuiltinOperator.ResizeNearestNeighbor,
        BuiltinOperator.ReverseV2, BuiltinOperator.Round, BuiltinOperator.Rsqrt,
        BuiltinOperator.SelectV2, BuiltinOperator.Shape, BuiltinOperator.Sin, BuiltinOperator.Slice, BuiltinOperator.Softmax,
        BuiltinOperator.SpaceToBatchNd, BuiltinOperator.SpaceToDepth, BuiltinOperator.Split, BuiltinOperator.SplitV,
        BuiltinOperator.Sqrt, BuiltinOperator.Square, BuiltinOperator.SquaredDifference, BuiltinOperator.Squeeze,
        BuiltinOperator.StridedSlice, BuiltinOperator.Sub, BuiltinOperator.Sum, BuiltinOperator.Svdf, BuiltinOperator.Tanh,
        BuiltinOperator.Transpose, BuiltinOperator.TransposeConv, BuiltinOperator.UnidirectionalSequenceLstm,
        BuiltinOperator.Unpack, BuiltinOperator.VarHandle, BuiltinOperator.While, BuiltinOperator.ZerosLike,
    ];

    // CMSIS-NN has int8 and int16 variants of the arithmetic-heavy kernels, but PAD, TRANSPOSE, MAXIMUM/MINIMUM,
    // TRANSPOSE_CONV and SVDF call it for int8 only: their int16 paths stay on the reference code.
    private static readonly TensorType[] Int8AndInt16 = [TensorType.Int8, TensorType.Int16];
    private static readonly TensorType[] Int8Only = [TensorType.Int8];

    private static readonly Dictionary<BuiltinOperator, TensorType[]> CmsisNn = new()
    {
        [BuiltinOperator.Add] = Int8AndInt16,
        [BuiltinOperator.AveragePool2D] = Int8AndInt16,
        [BuiltinOperator.BatchMatmul] = Int8AndInt16,
        [BuiltinOperator.Conv2D] = Int8AndInt16,
        [BuiltinOperator.DepthwiseConv2D] = Int8AndInt16,
        [BuiltinOperator.FullyConnected] = Int8AndInt16,
        [BuiltinOperator.MaxPool2D] = Int8AndInt16,
        [BuiltinOperator.Mul] = Int8AndInt16,
        [BuiltinOperator.Softmax] = Int8AndInt16,
        [BuiltinOperator.UnidirectionalSequenceLstm] = Int8AndInt16,
        [BuiltinOperator.Maximum] = Int8Only,
        [BuiltinOperator.Minimum] = Int8Only,
        [BuiltinOperator.Pad] = Int8Only,
        [BuiltinOperator.Padv2] = Int8Only,
        [BuiltinOperator.Svdf] = Int8Only,
        [BuiltinOperator.Transpose] = Int8Only,
        [BuiltinOperator.TransposeConv] = Int8Only,
    };

    /// <summary>True when TFLite Micro has a builtin kernel for the operator code.</summary>
    public static bool IsTflmBuiltin(BuiltinOperator code) => Tflm.Contains(code);

    /// <summary>True when CMSIS-NN has an optimized kernel for the operator code (for some integer activation type).</summary>
    public static bool HasCmsisNnKernel(BuiltinOperator code) => CmsisNn.ContainsKey(code);

    /// <summary>The activation types for which TFLite Micro hands the operator to CMSIS-NN (empty when it never does).</summary>
    public static IReadOnlyList<TensorType> CmsisNnTypes(BuiltinOperator code) => CmsisNn.TryGetValue(code, out var types) ? types : [];

    /// <summary>The kernel one operator would use: CMSIS-NN when it has one for the type of the operator's first input,
    /// else TFLite Micro's reference kernel, else unsupported.</summary>
    public static ArmKernel KernelFor(Operator op)
    {
        if (!Tflm.Contains(op.Code)) return ArmKernel.Unsupported;
        var type = op.Inputs.Count > 0 ? op.Inputs[0]?.Type : null;
        return type is { } t && CmsisNnTypes(op.Code).Contains(t) ? ArmKernel.CmsisNn : ArmKernel.TflmReference;
    }

    /// <summary>One word for a whole model: <c>unsupported: OPS</c> when any operator has no TFLite Micro kernel;
    /// <c>CMSIS-NN</c> when every operator that CMSIS-NN optimizes runs there; otherwise <c>TFLM reference</c>.</summary>
    public static string Summarize(TfLiteGraph graph)
    {
        var ops = graph.Subgraphs.SelectMany(s => s.Operators).ToList();
        var unsupported = ops.Where(o => KernelFor(o) == ArmKernel.Unsupported).Select(o => OperatorNames.Of(o)).Distinct().ToList();
        if (unsupported.Count > 0) return "unsupported: " + string.Join(", ", unsupported);
        var optimizable = ops.Where(o => CmsisNn.ContainsKey(o.Code)).ToList();
        return optimizable.Count > 0 && optimizable.All(o => KernelFor(o) == ArmKernel.CmsisNn) ? "CMSIS-NN" : "TFLM reference";
    }
}
