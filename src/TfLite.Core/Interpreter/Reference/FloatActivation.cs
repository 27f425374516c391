using System.Runtime.CompilerServices;
using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter.Reference;

/// <summary>TFLite's float activation clamp (<c>ActivationFunctionWithMinMax</c>) and fused-activation ranges.</summary>
internal static class FloatActivation
{
    /// <summary>The [min, max] a fused activation clamps to (TFLite's <c>CalculateActivationRange</c> for float).</summary>
    public static (float Min, float Max) Range(ActivationFunction activation) => activation switch
    {
        ActivationFunction.Relu => (0f, float.MaxValue),
        ActivationFunction.Relu6 => (0f, 6f),
        ActivationFunction.ReluN1To1 => (-1f, 1f),
        _ => (float.MinValue, float.MaxValue),
    };

    /// <summary>True for the fused activations that are a clamp (the ones float kernels support).</summary>
    public static bool IsClamp(ActivationFunction activation) =>
        activation is ActivationFunction.None or ActivationFunction.Relu or ActivationFunction.Relu6 or ActivationFunction.ReluN1To1;

    /// <summary>min(max(x, lo), hi) with std::max/std::min semantics (first operand kept on ties and NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Clamp(float x, float lo, float hi)
    {
        float t = x < lo ? lo : x;
        return hi < t ? hi : t;
    }
}
