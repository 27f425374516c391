using TfLite.Core.Graph;
using Op = TfLite.Core.Graph.BuiltinOperator;

namespace TfLite.Core.Quantization.Modes;

/// <summary>How an integer operator's output scale is chosen (TFLite's int8 quantization spec).</summary>
internal enum OutputRule
{
    /// <summary>From the output tensor's calibrated range.</summary>
    Calibrated,

    /// <summary>The same scale and zero point as input 0 (pooling, reshaping, slicing, padding ...).</summary>
    SameAsInput,

    /// <summary>Inputs and output share the output's scale; inputs with other scales are requantized first.</summary>
    SharedByAll,

    /// <summary>A fixed scale and zero point set by the kernel (SOFTMAX, LOGISTIC, TANH, LOG_SOFTMAX).</summary>
    Fixed,
}

/// <summary>
/// The operators TFLite runs with int8 (and int16x8) kernels, and the restrictions of the quantization spec on their
/// scales. Operators not listed stay float.
/// </summary>
internal static class IntegerOperators
{
    private static readonly HashSet<Op> SameAsInput =
    [
        Op.MaxPool2D, Op.AveragePool2D, Op.Reshape, Op.Squeeze, Op.ExpandDims, Op.Pad, Op.Padv2, Op.MirrorPad, Op.Transpose,
        Op.StridedSlice, Op.Slice, Op.Gather, Op.SpaceToDepth, Op.DepthToSpace, Op.SpaceToBatchNd, Op.BatchToSpaceNd,
        Op.ResizeBilinear, Op.ResizeNearestNeighbor, Op.Split, Op.SplitV, Op.Unpack, Op.Tile, Op.ReduceMax, Op.ReduceMin,
        Op.BroadcastTo,
    ];

    private static readonly HashSet<Op> SharedByAll = [Op.Concatenation, Op.Pack, Op.Maximum, Op.Minimum];

    private static readonly HashSet<Op> Calibrated =
    [
        Op.Add, Op.Sub, Op.Mul, Op.Conv2D, Op.DepthwiseConv2D, Op.FullyConnected, Op.TransposeConv, Op.Mean, Op.Sum,
        Op.Relu, Op.Relu6, Op.ReluN1To1, Op.Relu0To1, Op.LeakyRelu, Op.Prelu, Op.HardSwish, Op.Elu, Op.Gelu,
        Op.SquaredDifference, Op.L2Normalization, Op.BatchMatmul,
    ];

    /// <summary>Operators whose int16 (16x8) kernels TFLite has; the others stay float in Int16x8 mode.</summary>
    private static readonly HashSet<Op> Int16Capable =
    [
        Op.Add, Op.Sub, Op.Mul, Op.Conv2D, Op.DepthwiseConv2D, Op.FullyConnected, Op.TransposeConv, Op.MaxPool2D, Op.AveragePool2D,
        Op.Reshape, Op.Squeeze, Op.ExpandDims, Op.Pad, Op.Padv2, Op.Transpose, Op.StridedSlice, Op.Slice, Op.Gather, Op.Concatenation,
        Op.Pack, Op.Unpack, Op.Split, Op.SplitV, Op.Softmax, Op.Logistic, Op.Tanh, Op.Relu, Op.Relu6, Op.LeakyRelu, Op.Mean, Op.Sum,
        Op.ReduceMax, Op.ReduceMin, Op.Maximum, Op.Minimum, Op.ResizeBilinear, Op.ResizeNearestNeighbor, Op.SpaceToBatchNd,
        Op.BatchToSpaceNd, Op.HardSwish, Op.Prelu, Op.Elu, Op.Tile, Op.BroadcastTo, Op.DepthToSpace, Op.SpaceToDepth,
    ];

    /// <summary>True when TFLite has an integer kernel for <paramref name="op"/> with these activations.</summary>
    public static bool Supports(Operator op, TensorType activations) =>
        (RuleOf(op.Code) is not null) && (activations != TensorType.Int16 || Int16Capable.Contains(op.Code));

    /// <summary>The output rule of a supported operator, or null for operators without integer kernels.</summary>
    public static OutputRule? RuleOf(Op code) =>
        code is Op.Softmax or Op.Logistic or Op.Tanh or Op.LogSoftmax ? OutputRule.Fixed
        : SameAsInput.Contains(code) ? OutputRule.SameAsInput
        : SharedByAll.Contains(code) ? OutputRule.SharedByAll
        : Calibrated.Contains(code) ? OutputRule.Calibrated
        : null;

    /// <summary>The fixed output parameters of SOFTMAX, LOGISTIC, TANH and LOG_SOFTMAX.</summary>
    public static QuantizationParameters FixedOutput(Op code, TensorType activations) => activations == TensorType.Int16
        ? QuantizationParameters.PerTensor(code == Op.LogSoftmax ? 16f / 32768 : 1f / 32768, 0)
        : code switch
        {
            Op.Tanh => QuantizationParameters.PerTensor(1f / 128, 0),
            Op.LogSoftmax => QuantizationParameters.PerTensor(16f / 256, 127),
            _ => QuantizationParameters.PerTensor(1f / 256, -128),
        };

    /// <summary>The input index of the weights and their channel axis for operators with per-channel weights, and the
    /// bias index (or -1).</summary>
    public static (int Weights, int Axis, int Bias)? WeightsOf(Op code) => code switch
    {
        Op.Conv2D => (1, 0, 2),
        Op.DepthwiseConv2D => (1, 3, 2),
        Op.FullyConnected => (1, 0, 2),
        Op.TransposeConv => (1, 0, 3),
        _ => null,
    };

    /// <summary>The activation input whose scale multiplies the weight scales into the bias scale.</summary>
    public static int ActivationInputOf(Op code) => code == Op.TransposeConv ? 2 : 0;
}
