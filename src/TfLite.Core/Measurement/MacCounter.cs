using TfLite.Core.Graph;

namespace TfLite.Core.Measurement;

/// <summary>
/// Multiply-accumulate counts of the operators that dominate compute, from their tensors' shapes (NHWC activations,
/// OHWI convolution filters, 1HWO depthwise filters, [units, features] fully connected weights):
/// CONV_2D N·OH·OW·OC·KH·KW·(IC/groups); DEPTHWISE_CONV_2D N·OH·OW·OC·KH·KW; FULLY_CONNECTED rows·units·features;
/// TRANSPOSE_CONV N·IH·IW·IC·KH·KW·OC; BATCH_MATMUL batch·M·N·K; UNIDIRECTIONAL_SEQUENCE_LSTM gates·steps·batch·units·(features+outputs) with 4 gates (3 with CIFG);
/// UNIDIRECTIONAL_SEQUENCE_RNN steps·batch·units·(features+units). Every other operator counts 0.
/// </summary>
public static class MacCounter
{
    /// <summary>MACs of one operator; <paramref name="shapeOf"/> gives each tensor's (inferred) shape.</summary>
    public static long Count(Operator op, Func<Tensor, int[]> shapeOf)
    {
        int[] S(int input) => op.Inputs.Count > input && op.Inputs[input] is { } t ? shapeOf(t) : [];
        int[] output = op.Outputs.Count > 0 ? shapeOf(op.Outputs[0]) : [];
        switch (op.Code)
        {
            case BuiltinOperator.Conv2D when output.Length == 4 && S(1).Length == 4:
            {
                var filter = S(1); // [OC, KH, KW, IC per group]
                return Product(output) * filter[1] * filter[2] * filter[3];
            }
            case BuiltinOperator.DepthwiseConv2D when output.Length == 4 && S(1).Length == 4:
            {
                var filter = S(1); // [1, KH, KW, OC]
                return Product(output) * filter[1] * filter[2];
            }
            case BuiltinOperator.FullyConnected when S(1).Length == 2:
            {
                var weights = S(1); // [units, features]
                long outputs = Product(output);
                return outputs * weights[1];
            }
            case BuiltinOperator.TransposeConv when S(1).Length == 4 && S(2).Length == 4:
            {
                var filter = S(1); // [OC, KH, KW, IC]
                return Product(S(2)) * filter[0] * filter[1] * filter[2];
            }
            case BuiltinOperator.BatchMatmul when S(0).Length >= 2 && S(1).Length >= 2:
            {
                var lhs = S(0);
                var adjX = op.Options is BatchMatMulOptions { AdjX: true };
                long k = adjX ? lhs[^2] : lhs[^1];
                return Product(output) * k;
            }
            case BuiltinOperator.UnidirectionalSequenceLstm when S(0).Length == 3 && S(2).Length == 2 && S(6).Length == 2:
            {
                var input = S(0); // [batch, time, features] or time-major: the product is the same
                long units = S(2)[0], features = S(2)[1], outputSize = S(6)[1]; // input_to_forget, recurrent_to_forget
                long gates = op.Inputs[1] is null ? 3 : 4; // CIFG couples the input gate to the forget gate
                return gates * input[0] * input[1] * units * (features + outputSize);
            }
            case BuiltinOperator.UnidirectionalSequenceRnn when S(0).Length == 3 && S(1).Length == 2:
            {
                var input = S(0);
                var weights = S(1); // [units, features]
                long units = weights[0], features = weights[1];
                return (long)input[0] * input[1] * units * (features + units);
            }
            default:
                return 0;
        }
    }

    /// <summary>Total MACs of every operator of every subgraph.</summary>
    public static long Total(TfLiteGraph graph, Func<Tensor, int[]> shapeOf) =>
        graph.Subgraphs.SelectMany(s => s.Operators).Sum(op => Count(op, shapeOf));

    private static long Product(int[] shape)
    {
        long n = 1;
        foreach (var d in shape) n *= Math.Max(d, 0);
        return n;
    }
}
