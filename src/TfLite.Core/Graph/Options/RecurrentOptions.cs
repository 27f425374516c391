namespace TfLite.Core.Graph;

/// <summary>UNIDIRECTIONAL_SEQUENCE_LSTM options.</summary>
public sealed record UnidirectionalSequenceLstmOptions : OperatorOptions, IFusedActivationOptions
{
    /// <summary>Cell activation (tanh for Keras LSTM).</summary>
    public ActivationFunction FusedActivation { get; init; } = ActivationFunction.Tanh;
    /// <summary>Cell clip; 0 = none.</summary>
    public float CellClip { get; init; }
    /// <summary>Projection clip; 0 = none.</summary>
    public float ProjClip { get; init; }
    public bool TimeMajor { get; init; }
    public bool AsymmetricQuantizeInputs { get; init; }
    public bool DiagonalRecurrentTensors { get; init; }
    public OperatorOptions WithFusedActivation(ActivationFunction activation) => this with { FusedActivation = activation };
}

/// <summary>UNIDIRECTIONAL_SEQUENCE_RNN options.</summary>
public sealed record SequenceRnnOptions : OperatorOptions, IFusedActivationOptions
{
    public bool TimeMajor { get; init; }
    public ActivationFunction FusedActivation { get; init; }
    public bool AsymmetricQuantizeInputs { get; init; }
    public OperatorOptions WithFusedActivation(ActivationFunction activation) => this with { FusedActivation = activation };
}

/// <summary>LSTM (single step) options.</summary>
public sealed record LstmOptions : OperatorOptions, IFusedActivationOptions
{
    public ActivationFunction FusedActivation { get; init; } = ActivationFunction.Tanh;
    public float CellClip { get; init; }
    public float ProjClip { get; init; }
    public bool AsymmetricQuantizeInputs { get; init; }
    public OperatorOptions WithFusedActivation(ActivationFunction activation) => this with { FusedActivation = activation };
}

/// <summary>RNN (single step) options.</summary>
public sealed record RnnOptions : OperatorOptions, IFusedActivationOptions
{
    public ActivationFunction FusedActivation { get; init; }
    public bool AsymmetricQuantizeInputs { get; init; }
    public OperatorOptions WithFusedActivation(ActivationFunction activation) => this with { FusedActivation = activation };
}

/// <summary>VAR_HANDLE options.</summary>
public sealed record VarHandleOptions : OperatorOptions
{
    public string? Container { get; init; }
    public string? SharedName { get; init; }
}

/// <summary>SVDF options.</summary>
public sealed record SvdfOptions : OperatorOptions, IFusedActivationOptions
{
    /// <summary>Rank of the decomposition.</summary>
    public int Rank { get; init; }
    public ActivationFunction FusedActivation { get; init; }
    public bool AsymmetricQuantizeInputs { get; init; }
    public OperatorOptions WithFusedActivation(ActivationFunction activation) => this with { FusedActivation = activation };
}
