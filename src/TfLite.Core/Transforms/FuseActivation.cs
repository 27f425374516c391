using TfLite.Core.Graph;

namespace TfLite.Core.Transforms;

/// <summary>
/// Fuses a RELU, RELU6 or RELU_N1_TO_1 operator into the operator that produces its input, when that operator can
/// apply the activation itself (no activation yet) and nothing else reads its output, as TensorFlow's converter does.
/// </summary>
/// <remarks>
/// The pairs follow what the converter fuses and what TFLite's kernels honour. TFLite kernels apply a fused
/// activation only as a clamp (their activation-range helper knows RELU, RELU6 and RELU_N1_TO_1 and treats any
/// other value as no activation), so a TANH or LOGISTIC stays its own operator. CONCATENATION kernels reject any
/// fused activation, L2_POOL_2D and TRANSPOSE_CONV are never given one by the converter: none of them is a target.
/// </remarks>
public sealed class FuseActivation : IGraphPass
{
    private static readonly HashSet<BuiltinOperator> Producers =
    [
        BuiltinOperator.Conv2D, BuiltinOperator.DepthwiseConv2D, BuiltinOperator.FullyConnected,
        BuiltinOperator.Add, BuiltinOperator.Sub, BuiltinOperator.Mul, BuiltinOperator.Div,
        BuiltinOperator.AveragePool2D, BuiltinOperator.MaxPool2D,
    ];

    /// <inheritdoc />
    public string Name => "FuseActivation";

    /// <summary>The fused activation that stands for an activation operator, or None when it cannot be fused.</summary>
    public static ActivationFunction FusedFormOf(BuiltinOperator code) => code switch
    {
        BuiltinOperator.Relu => ActivationFunction.Relu,
        BuiltinOperator.Relu6 => ActivationFunction.Relu6,
        BuiltinOperator.ReluN1To1 => ActivationFunction.ReluN1To1,
        _ => ActivationFunction.None,
    };

    /// <inheritdoc />
    public bool Run(TfLiteGraph graph) => SubgraphRewriter.RewriteEach(graph, TryFuse);

    private static bool TryFuse(SubgraphRewriter rewriter, Operator activationOp)
    {
        var activation = FusedFormOf(activationOp.Code);
        if (activation == ActivationFunction.None || activationOp.Inputs.Count != 1 || activationOp.Outputs.Count != 1
            || activationOp.Inputs[0] is not { } x
            || rewriter.ProducerOf(x) is not { Outputs.Count: 1 } producer
            || !Producers.Contains(producer.Code)
            || OptionsOf(producer) is not { FusedActivation: ActivationFunction.None } options
            // The pre-activation tensor must have no other reader and not be a graph output.
            || !rewriter.IsOnlyReadBy(x, activationOp)
            || x.Type != activationOp.Outputs[0].Type)
            return false;

        producer.Options = options.WithFusedActivation(activation);
        rewriter.Absorb(producer, x, activationOp);
        return true;
    }

    /// <summary>The producer's options; element-wise operators written without options get their defaults.</summary>
    private static IFusedActivationOptions? OptionsOf(Operator op) => op.Options switch
    {
        IFusedActivationOptions options => options,
        null => op.Code switch
        {
            BuiltinOperator.Add => new AddOptions(),
            BuiltinOperator.Sub => new SubOptions(),
            BuiltinOperator.Mul => new MulOptions(),
            BuiltinOperator.Div => new DivOptions(),
            _ => null,
        },
        _ => null,
    };
}
