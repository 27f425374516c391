using TfLite.Core.Graph;
using Op = TfLite.Core.Graph.BuiltinOperator;

namespace TfLite.Core.Quantization.Modes;

/// <summary>How the dynamic-range mode treats one constant operand.</summary>
/// <param name="Input">The operator's input index.</param>
/// <param name="Axis">Per-channel axis, or null for a per-tensor scale.</param>
/// <param name="WeightOnly">True when the operator has no hybrid kernel: the int8 weights are dequantized by a
/// DEQUANTIZE in front of it.</param>
internal sealed record HybridOperand(int Input, int? Axis, bool WeightOnly = false);

/// <summary>
/// The operators TensorFlow's dynamic-range quantizer rewrites and which of their operands, as its MLIR pass
/// (prepare-quantize-dynamic-range) does: convolutions per output channel, FULLY_CONNECTED and recurrent weights per
/// tensor with asymmetric on-the-fly input quantization, TRANSPOSE_CONV weight-only per channel and a GATHER table
/// (Keras Embedding) weight-only per tensor. BATCH_MATMUL is left float: TensorFlow quantizes a constant right-hand
/// side for its hybrid kernel, which the interpreter does not have, and no Keras layer this converter reads makes one.
/// </summary>
internal static class HybridOperands
{
    /// <summary>TensorFlow's default minimum size of a weight tensor worth quantizing.</summary>
    public const int MinimumElements = 1024;

    private static readonly int[] LstmWeights = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16];

    /// <summary>The quantizable operands of <paramref name="op"/> (empty for operators left alone).</summary>
    public static IReadOnlyList<HybridOperand> Of(Operator op, bool perChannelFullyConnected) => op.Code switch
    {
        Op.Conv2D => [new(1, 0)],
        Op.DepthwiseConv2D => [new(1, 3)],
        Op.FullyConnected => [new(1, perChannelFullyConnected ? 0 : null)],
        Op.TransposeConv => [new(1, 0, WeightOnly: true)],
        Op.Gather => [new(0, null, WeightOnly: true)],
        Op.Rnn or Op.UnidirectionalSequenceRnn or Op.Svdf => [new(1, null), new(2, null)],
        Op.Lstm or Op.UnidirectionalSequenceLstm => [.. LstmWeights.Select(i => new HybridOperand(i, null))],
        _ => [],
    };

    /// <summary>The options with asymmetric input quantization switched on where the hybrid kernel offers it.</summary>
    public static OperatorOptions? WithAsymmetricInputs(OperatorOptions? options) => options switch
    {
        FullyConnectedOptions o => o with { AsymmetricQuantizeInputs = true },
        RnnOptions o => o with { AsymmetricQuantizeInputs = true },
        SequenceRnnOptions o => o with { AsymmetricQuantizeInputs = true },
        LstmOptions o => o with { AsymmetricQuantizeInputs = true },
        UnidirectionalSequenceLstmOptions o => o with { AsymmetricQuantizeInputs = true },
        SvdfOptions o => o with { AsymmetricQuantizeInputs = true },
        _ => options,
    };
}
