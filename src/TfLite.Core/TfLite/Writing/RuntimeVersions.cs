using System.Globalization;
using System.Text;
using TfLite.Core.Graph;
using Op = TfLite.Core.Graph.BuiltinOperator;

namespace TfLite.Core.Serialization.Writing;

/// <summary>
/// The oldest TFLite runtime that implements an operator version, and for a model the newest of those over all its
/// operators: the <c>min_runtime_version</c> metadata TensorFlow writes (tools/versioning/runtime_version.cc).
/// </summary>
internal static class RuntimeVersions
{
    /// <summary>Size of the <c>min_runtime_version</c> buffer: the version string padded with zero bytes.</summary>
    public const int BufferSize = 16;

    // Runtime version per operator version: element i is version i + 1; null where the version does not exist.
    private static readonly Dictionary<Op, string?[]> Table = new()
    {
        [Op.AveragePool2D] = ["1.5.0", "1.14.0", "2.3.0"],
        [Op.BatchMatmul] = ["2.3.0", "2.3.0", "2.4.0", "2.5.0"],
        [Op.BroadcastTo] = [null, "2.5.0", "2.5.0"],
        [Op.Conv2D] = ["1.5.0", "1.14.0", "1.14.0", "2.3.0", "2.4.0", "2.9.0", "2.11.0", "2.15.0"],
        [Op.DepthwiseConv2D] = ["1.5.0", "1.12.0", "1.14.0", "2.2.0", "2.3.0", "2.3.0", "2.11.0"],
        [Op.Add] = ["1.5.0", "1.14.0", "2.4.0", "2.6.0", "2.13.0", "2.23.0"],
        [Op.AddN] = ["1.14.0"],
        [Op.SpaceToBatchNd] = ["1.6.0", "1.14.0", "2.3.0", "2.12.0"],
        [Op.Sub] = ["1.6.0", "1.14.0", "2.3.0", "2.4.0", "2.4.0"],
        [Op.Densify] = ["2.2.0"],
        [Op.Div] = ["1.6.0", "2.3.0"],
        [Op.BatchToSpaceNd] = ["1.6.0", "1.14.0", "2.3.0", "2.12.0"],
        [Op.Cast] = ["1.5.0", "2.7.0", "2.8.0", "2.9.0", "2.12.0", "2.15.0", "2.17.0", "2.21.0"],
        [Op.Concatenation] = ["1.5.0", "1.14.0", "2.3.0", "2.14.0", "2.21.0"],
        [Op.DepthToSpace] = ["2.1.0", "2.5.0"],
        [Op.EmbeddingLookup] = ["1.13.0", "1.14.0", "1.14.0", "2.18.0", "2.21.0"],
        [Op.EmbeddingLookupSparse] = ["1.5.0"],
        [Op.FakeQuant] = ["1.5.0", "1.10.0"],
        [Op.FullyConnected] = ["1.5.0", "1.10.0", "1.14.0", "1.14.0", "2.0.0", "2.1.0", "2.3.0", "2.3.0", "2.3.0", "2.11.0", "2.15.0", "2.17.0", "2.18.0", "2.21.0"],
        [Op.Gather] = ["1.6.0", "1.14.0", "1.15.0", "2.4.0", "2.5.0", "2.13.0", "2.15.0"],
        [Op.GatherNd] = ["1.14.0", "2.3.0", "2.5.0", "2.13.0", "2.16.0"],
        [Op.HashtableLookup] = ["1.5.0"],
        [Op.Svdf] = ["1.5.0", "1.14.0", "2.2.0", "2.3.0"],
        [Op.L2Normalization] = ["1.5.0", "1.14.0"],
        [Op.L2Pool2D] = ["1.5.0"],
        [Op.LocalResponseNormalization] = ["1.5.0"],
        [Op.MaxPool2D] = ["1.5.0", "1.14.0", "2.3.0"],
        [Op.Maximum] = ["1.14.0", "1.14.0", "2.3.0", "2.3.0"],
        [Op.Minimum] = ["1.14.0", "1.14.0", "2.3.0", "2.3.0"],
        [Op.Mul] = ["1.5.0", "1.14.0", "1.15.0", "2.3.0", "2.6.0", "2.11.0", "2.13.0", "2.23.0"],
        [Op.NonMaxSuppressionV4] = ["2.1.0"],
        [Op.NonMaxSuppressionV5] = ["2.1.0"],
        [Op.Pad] = ["1.5.0", "1.14.0", "2.4.0", "2.6.0", "2.20.0"],
        [Op.Tile] = ["1.10.1", "2.2.0", "2.8.0"],
        [Op.Padv2] = ["1.9.0", "1.14.0", "2.4.0", "2.6.0", "2.20.0"],
        [Op.Reshape] = ["1.5.0"],
        [Op.Softmax] = ["1.5.0", "1.14.0", "2.3.0"],
        [Op.SpaceToDepth] = ["1.5.0", "1.14.0"],
        [Op.Transpose] = ["1.6.0", "1.14.0", "1.15.0", "2.3.0", "2.4.0", "2.12.0", "2.14.4", "2.22.0"],
        [Op.Lstm] = ["1.7.0", "1.10.0", "1.14.0", "2.3.0"],
        [Op.UnidirectionalSequenceLstm] = ["1.13.1", "1.14.0", "2.3.0", "2.12.0"],
        [Op.BidirectionalSequenceLstm] = ["1.14.0", "1.14.0", "1.14.0"],
        [Op.BidirectionalSequenceRnn] = ["1.14.0", "1.14.0", "2.3.0"],
        [Op.Mean] = ["1.6.0", "1.14.0", "2.4.0"],
        [Op.Sum] = ["1.10.0", "1.15.0"],
        [Op.ReduceMax] = ["1.11.0", "1.14.0", "2.5.0"],
        [Op.ReduceMin] = ["1.11.0", "1.14.0", "2.5.0"],
        [Op.ReduceProd] = ["1.11.0", "2.6.0"],
        [Op.ReduceAny] = ["1.11.0"],
        [Op.Relu6] = ["1.5.0", "1.14.0", "2.5.0"],
        [Op.ResizeBilinear] = ["1.7.0", "1.14.0", "2.2.0", "2.5.0"],
        [Op.ResizeNearestNeighbor] = ["1.13.1", "1.14.0", "2.3.0", "2.4.0"],
        [Op.Rnn] = ["1.5.0", "1.14.0", "2.3.0"],
        [Op.SkipGram] = ["1.5.0"],
        [Op.Squeeze] = ["1.6.0", "2.5.0"],
        [Op.Split] = ["1.5.0", "1.14.0", "1.14.0", "2.3.0"],
        [Op.SplitV] = ["1.13.1", "2.3.0"],
        [Op.StridedSlice] = ["1.6.0", "1.14.0", "2.1.0", "2.2.0", "2.5.0", "2.6.0", "2.14.0", "2.14.0"],
        [Op.TopkV2] = ["1.7.0", "1.14.0", "2.13.0"],
        [Op.ArgMax] = ["1.9.0", "1.14.0", "2.9.0"],
        [Op.ArgMin] = ["1.9.0", "1.14.0", "2.9.0"],
        [Op.TransposeConv] = ["1.9.0", "2.2.0", "2.3.0", "2.13.0", "2.15.0"],
        [Op.SparseToDense] = ["1.9.0", "1.14.0", "1.15.0"],
        [Op.ExpandDims] = ["1.10.0"],
        [Op.Pack] = ["1.11.0", "1.14.0", "2.3.0", "2.13.0"],
        [Op.Shape] = ["1.10.0"],
        [Op.Slice] = ["1.14.0", "1.14.0", "1.14.0", "2.4.0", "2.5.0", "2.14.0", "2.21.0"],
        [Op.Tanh] = ["1.14.0", "1.14.0", "2.3.0"],
        [Op.OneHot] = ["1.11.0"],
        [Op.Unpack] = ["1.11.0", "1.14.0", "2.2.0", "2.3.0", "2.22.0"],
        [Op.LeakyRelu] = ["1.13.1", "2.3.0"],
        [Op.Logistic] = ["1.14.0", "1.14.0", "2.3.0"],
        [Op.LogSoftmax] = ["1.14.0", "1.14.0"],
        [Op.LshProjection] = ["1.5.0"],
        [Op.SquaredDifference] = ["1.13.1", "2.5.0"],
        [Op.MirrorPad] = ["1.13.1", "2.3.0", "2.12.0"],
        [Op.Unique] = ["1.14.0"],
        [Op.UnidirectionalSequenceRnn] = ["1.14.0", "1.14.0", "2.3.0"],
        [Op.Where] = ["1.14.0", "2.8.0"],
        [Op.Dequantize] = ["1.13.1", "1.14.0", "1.15.0", "2.2.0", "2.7.0", "2.18.0", "2.21.0", "2.22.0"],
        [Op.ReverseSequence] = ["1.14.0"],
        [Op.Equal] = ["1.14.0", "1.14.0", "2.3.0", "2.13.0", "2.21.0"],
        [Op.NotEqual] = ["1.14.0", "1.14.0", "2.3.0", "2.21.0"],
        [Op.Greater] = ["1.14.0", "1.14.0"],
        [Op.GreaterEqual] = ["1.14.0", "1.14.0", "2.13.0"],
        [Op.Less] = ["1.14.0", "1.14.0", "2.13.0"],
        [Op.LessEqual] = ["1.14.0", "1.14.0"],
        [Op.ScatterNd] = ["2.1.0"],
        [Op.SegmentSum] = ["2.2.0"],
        [Op.Select] = ["1.14.0", "1.14.0", "2.12.0", "2.12.0"],
        [Op.SelectV2] = ["2.2.0", "2.12.0"],
        [Op.If] = ["1.15.0"],
        [Op.FloorDiv] = ["1.14.0", "1.14.0", "2.13.0"],
        [Op.Floor] = ["1.9.0"],
        [Op.Ceil] = ["1.14.0"],
        [Op.MatrixDiag] = ["1.14.0"],
        [Op.MatrixSetDiag] = ["1.14.0"],
        [Op.Elu] = ["1.14.0"],
        [Op.Quantize] = ["1.14.0", "1.15.0", "2.7.0", "2.21.0", "2.21.0", "2.21.0"],
        [Op.Round] = ["1.14.0"],
        [Op.Relu] = ["1.5.0", "2.1.0", "2.5.0"],
        [Op.ReluN1To1] = ["1.5.0"],
        [Op.Relu0To1] = ["2.10.0"],
        [Op.Prelu] = ["1.8.0"],
        [Op.Exp] = ["1.7.0", "2.12.0"],
        [Op.Cos] = ["1.14.0"],
        [Op.Neg] = ["1.9.0"],
        [Op.Pow] = ["1.10.0"],
        [Op.LogicalOr] = ["1.11.0"],
        [Op.LogicalAnd] = ["1.11.0"],
        [Op.LogicalNot] = ["1.11.0"],
        [Op.FloorMod] = ["1.13.0", "2.13.0"],
        [Op.Range] = ["1.13.0", "2.14.0"],
        [Op.Sin] = ["1.9.0"],
        [Op.Log] = ["1.14.0", "2.15.0"],
        [Op.Sqrt] = ["1.10.0", "2.21.0"],
        [Op.Rsqrt] = ["1.10.0", "2.5.0", "2.15.0"],
        [Op.Square] = ["1.12.0"],
        [Op.ZerosLike] = ["1.12.0"],
        [Op.Abs] = ["1.13.0", "2.4.0", "2.5.0", "2.6.0", "2.12.0"],
        [Op.HardSwish] = ["1.15.0"],
        [Op.Fill] = ["1.13.0", "2.3.0", "2.5.0", "2.12.0"],
        [Op.ReverseV2] = ["1.14.0", "2.2.0", "2.5.0"],
        [Op.Rank] = ["1.14.0"],
        [Op.While] = ["1.15.0"],
        [Op.Cumsum] = ["2.4.0"],
        [Op.CallOnce] = ["2.5.0"],
        [Op.Rfft2D] = ["2.5.0"],
        [Op.Conv3D] = ["2.5.0"],
        [Op.Imag] = ["2.5.0"],
        [Op.Real] = ["2.5.0"],
        [Op.ComplexAbs] = ["2.5.0"],
        [Op.Hashtable] = ["2.5.0"],
        [Op.HashtableFind] = ["2.5.0"],
        [Op.HashtableImport] = ["2.5.0"],
        [Op.HashtableSize] = ["2.5.0"],
        [Op.ReduceAll] = ["2.6.0"],
        [Op.Conv3dTranspose] = ["2.6.0"],
        [Op.VarHandle] = ["2.6.0"],
        [Op.ReadVariable] = ["2.6.0"],
        [Op.AssignVariable] = ["2.6.0"],
        [Op.BroadcastArgs] = ["2.6.0"],
        [Op.RandomStandardNormal] = ["2.8.0"],
        [Op.Bucketize] = ["2.8.0"],
        [Op.RandomUniform] = ["2.8.0"],
        [Op.Multinomial] = ["2.8.0"],
        [Op.Gelu] = ["2.9.0", "2.9.0"],
        [Op.DynamicUpdateSlice] = ["2.9.0", "2.17.0", "2.19.0", "2.20.0", "2.21.0", "2.22.0"],
        [Op.UnsortedSegmentProd] = ["2.10.0"],
        [Op.UnsortedSegmentMax] = ["2.10.0"],
        [Op.UnsortedSegmentMin] = ["2.11.0"],
        [Op.UnsortedSegmentSum] = ["2.10.0"],
        [Op.Atan2] = ["2.10.0"],
        [Op.Sign] = ["2.11.0", "2.12.0"],
        [Op.Bitcast] = ["2.13.0"],
        [Op.BitwiseXor] = ["2.13.0"],
        [Op.RightShift] = ["2.13.0"],
        [Op.StablehloScatter] = ["2.15.0"],
        [Op.Dilate] = ["2.15.0"],
        [Op.StablehloRngBitGenerator] = ["2.15.0"],
        [Op.ReduceWindow] = ["2.15.0"],
        [Op.StablehloGather] = ["2.16.0"],
        [Op.StablehloAdd] = ["2.16.0"],
        [Op.StablehloMultiply] = ["2.16.0"],
        [Op.StablehloReduceWindow] = ["2.16.0"],
        [Op.StablehloMaximum] = ["2.16.0"],
        [Op.StablehloMinimum] = ["2.16.0"],
        [Op.StablehloPad] = ["2.16.0"],
        [Op.StablehloComposite] = ["2.17.0"],
        [Op.StablehloAnd] = ["2.17.0"],
        [Op.StablehloShiftLeft] = ["2.17.0"],
        [Op.StablehloCbrt] = ["2.17.0"],
        [Op.StablehloCase] = ["2.17.0"],
    };

    /// <summary>The oldest runtime implementing this operator version, or null when TFLite records none.</summary>
    public static string? ForOperator(BuiltinOperator code, int version) =>
        Table.TryGetValue(code, out var versions) && version >= 1 && version <= versions.Length ? versions[version - 1] : null;

    /// <summary>The newest of the operators' runtime versions; empty when none is recorded.</summary>
    public static string ForModel(IEnumerable<(BuiltinOperator Code, int Version)> operators)
    {
        var newest = "";
        foreach (var (code, version) in operators)
            if (ForOperator(code, version) is { } runtime && Older(newest, runtime))
                newest = runtime;
        return newest;
    }

    /// <summary>The version as TensorFlow stores it: ASCII, padded with zero bytes to <see cref="BufferSize"/>.</summary>
    /// <remarks>TensorFlow leaves the buffer zero-filled when the string would not fit; so does this.</remarks>
    public static byte[] ToBuffer(string version)
    {
        var buffer = new byte[BufferSize];
        if (version.Length < BufferSize) Encoding.ASCII.GetBytes(version, buffer);
        return buffer;
    }

    // Component-wise numeric order; the empty string precedes every version.
    private static bool Older(string a, string b)
    {
        var (x, y) = (a.Split('.'), b.Split('.'));
        var i = 0;
        for (; i < x.Length && i < y.Length; i++)
            if (int.TryParse(x[i], NumberStyles.None, CultureInfo.InvariantCulture, out var u)
                && int.TryParse(y[i], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && u != v)
                return u < v;
        return i < y.Length;
    }
}
