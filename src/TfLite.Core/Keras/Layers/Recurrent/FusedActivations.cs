using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>The Keras activations a fused recurrent operator can apply itself.</summary>
internal static class FusedActivations
{
    /// <summary>The fused activation for Keras activation <paramref name="name"/>.</summary>
    /// <exception cref="UnsupportedLayerException">The activation has no fused form (names the option).</exception>
    public static ActivationFunction Of(LayerContext c, string name) => name switch
    {
        "tanh" => ActivationFunction.Tanh,
        "relu" => ActivationFunction.Relu,
        "relu6" => ActivationFunction.Relu6,
        "linear" => ActivationFunction.None,
        _ => throw c.Unsupported($"option activation={name} has no fused lowering; import with RecurrentLowering Unrolled"),
    };
}
