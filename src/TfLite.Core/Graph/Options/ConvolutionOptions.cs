namespace TfLite.Core.Graph;

/// <summary>CONV_2D options.</summary>
public sealed record Conv2DOptions : OperatorOptions, IFusedActivationOptions
{
    public Padding Padding { get; init; }
    public int StrideW { get; init; } = 1;
    public int StrideH { get; init; } = 1;
    public int DilationW { get; init; } = 1;
    public int DilationH { get; init; } = 1;
    public ActivationFunction FusedActivation { get; init; }
    /// <summary>Bias/accumulator type for quantized kernels (schema field <c>quantized_bias_type</c>); Float32 = unset.</summary>
    public TensorType QuantizedBiasType { get; init; }
    public OperatorOptions WithFusedActivation(ActivationFunction activation) => this with { FusedActivation = activation };
}

/// <summary>DEPTHWISE_CONV_2D options.</summary>
public sealed record DepthwiseConv2DOptions : OperatorOptions, IFusedActivationOptions
{
    public Padding Padding { get; init; }
    public int StrideW { get; init; } = 1;
    public int StrideH { get; init; } = 1;
    public int DepthMultiplier { get; init; } = 1;
    public int DilationW { get; init; } = 1;
    public int DilationH { get; init; } = 1;
    public ActivationFunction FusedActivation { get; init; }
    public OperatorOptions WithFusedActivation(ActivationFunction activation) => this with { FusedActivation = activation };
}

/// <summary>TRANSPOSE_CONV options.</summary>
public sealed record TransposeConvOptions : OperatorOptions, IFusedActivationOptions
{
    public Padding Padding { get; init; }
    public int StrideW { get; init; } = 1;
    public int StrideH { get; init; } = 1;
    public ActivationFunction FusedActivation { get; init; }
    /// <summary>Schema field <c>quantized_bias_type</c>; Float32 = unset.</summary>
    public TensorType QuantizedBiasType { get; init; }
    public OperatorOptions WithFusedActivation(ActivationFunction activation) => this with { FusedActivation = activation };
}

/// <summary>AVERAGE_POOL_2D, MAX_POOL_2D and L2_POOL_2D options.</summary>
public sealed record Pool2DOptions : OperatorOptions, IFusedActivationOptions
{
    public Padding Padding { get; init; }
    public int StrideW { get; init; } = 1;
    public int StrideH { get; init; } = 1;
    public int FilterWidth { get; init; } = 1;
    public int FilterHeight { get; init; } = 1;
    public ActivationFunction FusedActivation { get; init; }
    public OperatorOptions WithFusedActivation(ActivationFunction activation) => this with { FusedActivation = activation };
}

/// <summary>FULLY_CONNECTED options.</summary>
public sealed record FullyConnectedOptions : OperatorOptions, IFusedActivationOptions
{
    public ActivationFunction FusedActivation { get; init; }
    /// <summary>Keep all but the last input dimension in the output (otherwise the output is 2-D).</summary>
    public bool KeepNumDims { get; init; }
    /// <summary>Hybrid kernels: quantize inputs asymmetrically.</summary>
    public bool AsymmetricQuantizeInputs { get; init; }
    /// <summary>Schema field <c>quantized_bias_type</c>; Float32 = unset.</summary>
    public TensorType QuantizedBiasType { get; init; }
    public OperatorOptions WithFusedActivation(ActivationFunction activation) => this with { FusedActivation = activation };
}

/// <summary>BATCH_MATMUL options.</summary>
public sealed record BatchMatMulOptions : OperatorOptions
{
    public bool AdjX { get; init; }
    public bool AdjY { get; init; }
    public bool AsymmetricQuantizeInputs { get; init; }
}
