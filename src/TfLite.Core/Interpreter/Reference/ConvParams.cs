namespace TfLite.Core.Interpreter.Reference;

/// <summary>Geometry and clamp of a windowed op (conv, depthwise conv, pooling), as TFLite's ConvParams/PoolParams.</summary>
internal readonly record struct ConvParams(
    int StrideH, int StrideW, int DilationH, int DilationW, int PadH, int PadW,
    float ActivationMin, float ActivationMax, int DepthMultiplier = 1, int FilterH = 1, int FilterW = 1);
