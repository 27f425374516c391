namespace TfLite.Core.Graph;

/// <summary>RESHAPE options (the new shape may also come as a second input tensor).</summary>
public sealed record ReshapeOptions : OperatorOptions
{
    public int[]? NewShape { get; init; }
}

/// <summary>MEAN, SUM, REDUCE_MAX, REDUCE_MIN, REDUCE_PROD options.</summary>
public sealed record ReducerOptions : OperatorOptions
{
    public bool KeepDims { get; init; }
}

/// <summary>SQUEEZE options.</summary>
public sealed record SqueezeOptions : OperatorOptions
{
    public int[] SqueezeDims { get; init; } = [];
}

/// <summary>STRIDED_SLICE options.</summary>
public sealed record StridedSliceOptions : OperatorOptions
{
    public int BeginMask { get; init; }
    public int EndMask { get; init; }
    public int EllipsisMask { get; init; }
    public int NewAxisMask { get; init; }
    public int ShrinkAxisMask { get; init; }
    public bool Offset { get; init; }
}

/// <summary>SPLIT options.</summary>
public sealed record SplitOptions : OperatorOptions
{
    public int NumSplits { get; init; }
}

/// <summary>SPLIT_V options.</summary>
public sealed record SplitVOptions : OperatorOptions
{
    public int NumSplits { get; init; }
}

/// <summary>GATHER options.</summary>
public sealed record GatherOptions : OperatorOptions
{
    public int Axis { get; init; }
    public int BatchDims { get; init; }
}

/// <summary>PACK options.</summary>
public sealed record PackOptions : OperatorOptions
{
    public int ValuesCount { get; init; }
    public int Axis { get; init; }
}

/// <summary>UNPACK options.</summary>
public sealed record UnpackOptions : OperatorOptions
{
    public int Num { get; init; }
    public int Axis { get; init; }
}

/// <summary>MIRROR_PAD options.</summary>
public sealed record MirrorPadOptions : OperatorOptions
{
    public MirrorPadMode Mode { get; init; }
}

/// <summary>RESIZE_BILINEAR options.</summary>
public sealed record ResizeBilinearOptions : OperatorOptions
{
    public bool AlignCorners { get; init; }
    public bool HalfPixelCenters { get; init; }
}

/// <summary>RESIZE_NEAREST_NEIGHBOR options.</summary>
public sealed record ResizeNearestNeighborOptions : OperatorOptions
{
    public bool AlignCorners { get; init; }
    public bool HalfPixelCenters { get; init; }
}

/// <summary>SPACE_TO_DEPTH options.</summary>
public sealed record SpaceToDepthOptions : OperatorOptions
{
    public int BlockSize { get; init; }
}

/// <summary>DEPTH_TO_SPACE options.</summary>
public sealed record DepthToSpaceOptions : OperatorOptions
{
    public int BlockSize { get; init; }
}

/// <summary>SHAPE options.</summary>
public sealed record ShapeOptions : OperatorOptions
{
    /// <summary>Element type of the output (int32 or int64).</summary>
    public TensorType OutType { get; init; } = TensorType.Int32;
}
