namespace TfLite.Core.Graph;

/// <summary>Base of the typed builtin options of an <see cref="Operator"/> (TFLite's <c>BuiltinOptions</c> union).
/// Operators whose options table is empty in the schema carry no options object.</summary>
public abstract record OperatorOptions;

/// <summary>Options of operators that can apply an activation to their output.</summary>
public interface IFusedActivationOptions
{
    /// <summary>The activation applied to the output.</summary>
    ActivationFunction FusedActivation { get; }

    /// <summary>A copy of these options with another fused activation.</summary>
    OperatorOptions WithFusedActivation(ActivationFunction activation);
}

/// <summary>TFLite's <c>ActivationFunctionType</c>.</summary>
public enum ActivationFunction : sbyte
{
    /// <summary>No activation.</summary>
    None = 0,
    /// <summary>max(x, 0).</summary>
    Relu = 1,
    /// <summary>clamp(x, -1, 1).</summary>
    ReluN1To1 = 2,
    /// <summary>clamp(x, 0, 6).</summary>
    Relu6 = 3,
    /// <summary>tanh(x).</summary>
    Tanh = 4,
    /// <summary>Sign bit.</summary>
    SignBit = 5,
}

/// <summary>TFLite's <c>Padding</c>.</summary>
public enum Padding : sbyte
{
    /// <summary>Output size ceil(in / stride), zero padding split with the extra on the end.</summary>
    Same = 0,
    /// <summary>No padding.</summary>
    Valid = 1,
}

/// <summary>TFLite's <c>MirrorPadMode</c>.</summary>
public enum MirrorPadMode : sbyte
{
    /// <summary>Reflect without repeating the edge.</summary>
    Reflect = 0,
    /// <summary>Reflect including the edge.</summary>
    Symmetric = 1,
}
