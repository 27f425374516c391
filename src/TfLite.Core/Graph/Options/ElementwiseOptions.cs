namespace TfLite.Core.Graph;

/// <summary>ADD options.</summary>
public sealed record AddOptions : OperatorOptions, IFusedActivationOptions
{
    public ActivationFunction FusedActivation { get; init; }
    /// <summary>int16 kernels: power-of-two scales (schema default true).</summary>
    public bool PotScaleInt16 { get; init; } = true;
    public OperatorOptions WithFusedActivation(ActivationFunction activation) => this with { FusedActivation = activation };
}

/// <summary>SUB options.</summary>
public sealed record SubOptions : OperatorOptions, IFusedActivationOptions
{
    public ActivationFunction FusedActivation { get; init; }
    /// <summary>int16 kernels: power-of-two scales (schema default true).</summary>
    public bool PotScaleInt16 { get; init; } = true;
    public OperatorOptions WithFusedActivation(ActivationFunction activation) => this with { FusedActivation = activation };
}

/// <summary>MUL options.</summary>
public sealed record MulOptions : OperatorOptions, IFusedActivationOptions
{
    public ActivationFunction FusedActivation { get; init; }
    public OperatorOptions WithFusedActivation(ActivationFunction activation) => this with { FusedActivation = activation };
}

/// <summary>DIV options.</summary>
public sealed record DivOptions : OperatorOptions, IFusedActivationOptions
{
    public ActivationFunction FusedActivation { get; init; }
    public OperatorOptions WithFusedActivation(ActivationFunction activation) => this with { FusedActivation = activation };
}

/// <summary>CONCATENATION options.</summary>
public sealed record ConcatenationOptions : OperatorOptions, IFusedActivationOptions
{
    public int Axis { get; init; }
    public ActivationFunction FusedActivation { get; init; }
    public OperatorOptions WithFusedActivation(ActivationFunction activation) => this with { FusedActivation = activation };
}

/// <summary>SOFTMAX options.</summary>
public sealed record SoftmaxOptions : OperatorOptions
{
    public float Beta { get; init; } = 1f;
}

/// <summary>LEAKY_RELU options.</summary>
public sealed record LeakyReluOptions : OperatorOptions
{
    public float Alpha { get; init; }
}

/// <summary>GELU options.</summary>
public sealed record GeluOptions : OperatorOptions
{
    /// <summary>Use the tanh approximation.</summary>
    public bool Approximate { get; init; }
}

/// <summary>CAST options.</summary>
public sealed record CastOptions : OperatorOptions
{
    public TensorType InDataType { get; init; }
    public TensorType OutDataType { get; init; }
}
