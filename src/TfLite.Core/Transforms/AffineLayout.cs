using TfLite.Core.Graph;

namespace TfLite.Core.Transforms;

/// <summary>
/// Where an operator that ends in a weighted sum per output channel keeps its weights and bias, and along which
/// weight axis its output channels run: CONV_2D and TRANSPOSE_CONV weights are OHWI (axis 0), FULLY_CONNECTED
/// weights are [out, in] (axis 0), DEPTHWISE_CONV_2D weights are [1, H, W, C*M] (last axis).
/// </summary>
internal sealed record AffineLayout(int WeightsInput, int BiasInput, bool ChannelsLast)
{
    /// <summary>The layout of <paramref name="code"/>, or null when the operator is not such an operator.</summary>
    public static AffineLayout? Of(BuiltinOperator code) => code switch
    {
        BuiltinOperator.Conv2D or BuiltinOperator.FullyConnected => new(1, 2, false),
        BuiltinOperator.DepthwiseConv2D => new(1, 2, true),
        // TRANSPOSE_CONV reads (output_shape, weights, input, bias).
        BuiltinOperator.TransposeConv => new(1, 3, false),
        _ => null,
    };

    /// <summary>The weight axis of the output channels for weights of rank <paramref name="rank"/>.</summary>
    public int ChannelAxis(int rank) => ChannelsLast ? rank - 1 : 0;

    /// <summary>The bias tensor, or null when the optional input is absent.</summary>
    public Tensor? Bias(Operator op) => op.Inputs.Count > BiasInput ? op.Inputs[BiasInput] : null;

    /// <summary>Sets the bias input, appending the optional slot when the operator was written without it.</summary>
    public void SetBias(Operator op, Tensor bias)
    {
        while (op.Inputs.Count <= BiasInput) op.Inputs.Add(null);
        op.Inputs[BiasInput] = bias;
    }
}
