using Google.FlatBuffers;
using TfLite.Core.Graph;
using Fb = TfLite.Core.Serialization.Schema;
using Op = TfLite.Core.Graph.BuiltinOperator;

namespace TfLite.Core.Serialization.Options;

/// <summary>
/// Reads and writes the <c>builtin_options</c> union of operators: the graph's options records where it has one,
/// nothing for the schema's field-less tables, and an error for tables the graph cannot hold (never a silent loss).
/// </summary>
internal static class BuiltinOptionsMap
{
    private static readonly OptionsCodec[] Codecs =
        [.. ConvolutionOptionsCodecs.All, .. ElementwiseOptionsCodecs.All, .. RecurrentOptionsCodecs.All, .. ShapeOptionsCodecs.All];

    private static readonly Dictionary<Fb.BuiltinOptions, OptionsCodec> ByUnionType = Codecs.ToDictionary(c => c.UnionType);
    private static readonly Dictionary<Type, OptionsCodec> ByRecordType = Codecs.ToDictionary(c => c.RecordType);
    private static readonly Dictionary<Op, OptionsCodec> ByOperator =
        Codecs.SelectMany(c => c.Operators.Select(op => KeyValuePair.Create(op, c))).ToDictionary();

    // The schema's options tables without fields: they carry nothing the graph needs.
    private static readonly HashSet<Fb.BuiltinOptions> FieldlessTables =
    [
        Fb.BuiltinOptions.PadOptions, Fb.BuiltinOptions.PadV2Options, Fb.BuiltinOptions.SpaceToBatchNDOptions,
        Fb.BuiltinOptions.BatchToSpaceNDOptions, Fb.BuiltinOptions.TopKV2Options, Fb.BuiltinOptions.TransposeOptions,
        Fb.BuiltinOptions.ExpOptions, Fb.BuiltinOptions.CosOptions, Fb.BuiltinOptions.LogSoftmaxOptions,
        Fb.BuiltinOptions.DequantizeOptions, Fb.BuiltinOptions.MaximumMinimumOptions, Fb.BuiltinOptions.TileOptions,
        Fb.BuiltinOptions.GreaterOptions, Fb.BuiltinOptions.GreaterEqualOptions, Fb.BuiltinOptions.LessOptions,
        Fb.BuiltinOptions.LessEqualOptions, Fb.BuiltinOptions.NegOptions, Fb.BuiltinOptions.SelectOptions,
        Fb.BuiltinOptions.SliceOptions, Fb.BuiltinOptions.ExpandDimsOptions, Fb.BuiltinOptions.EqualOptions,
        Fb.BuiltinOptions.NotEqualOptions, Fb.BuiltinOptions.RankOptions, Fb.BuiltinOptions.PowOptions,
        Fb.BuiltinOptions.LogicalOrOptions, Fb.BuiltinOptions.AbsOptions, Fb.BuiltinOptions.HardSwishOptions,
        Fb.BuiltinOptions.LogicalAndOptions, Fb.BuiltinOptions.LogicalNotOptions, Fb.BuiltinOptions.FloorDivOptions,
        Fb.BuiltinOptions.SquareOptions, Fb.BuiltinOptions.ZerosLikeOptions, Fb.BuiltinOptions.FillOptions,
        Fb.BuiltinOptions.FloorModOptions, Fb.BuiltinOptions.RangeOptions, Fb.BuiltinOptions.SquaredDifferenceOptions,
        Fb.BuiltinOptions.ReverseV2Options, Fb.BuiltinOptions.AddNOptions, Fb.BuiltinOptions.GatherNdOptions,
        Fb.BuiltinOptions.WhereOptions, Fb.BuiltinOptions.MatrixDiagOptions, Fb.BuiltinOptions.QuantizeOptions,
        Fb.BuiltinOptions.MatrixSetDiagOptions, Fb.BuiltinOptions.NonMaxSuppressionV4Options,
        Fb.BuiltinOptions.NonMaxSuppressionV5Options, Fb.BuiltinOptions.ScatterNdOptions, Fb.BuiltinOptions.SelectV2Options,
        Fb.BuiltinOptions.DensifyOptions, Fb.BuiltinOptions.SegmentSumOptions, Fb.BuiltinOptions.BroadcastToOptions,
        Fb.BuiltinOptions.Rfft2dOptions, Fb.BuiltinOptions.HashtableFindOptions, Fb.BuiltinOptions.HashtableImportOptions,
        Fb.BuiltinOptions.HashtableSizeOptions, Fb.BuiltinOptions.ReadVariableOptions, Fb.BuiltinOptions.AssignVariableOptions,
        Fb.BuiltinOptions.DynamicUpdateSliceOptions, Fb.BuiltinOptions.UnsortedSegmentProdOptions,
        Fb.BuiltinOptions.UnsortedSegmentMaxOptions, Fb.BuiltinOptions.UnsortedSegmentSumOptions, Fb.BuiltinOptions.ATan2Options,
        Fb.BuiltinOptions.UnsortedSegmentMinOptions, Fb.BuiltinOptions.SignOptions, Fb.BuiltinOptions.BitcastOptions,
        Fb.BuiltinOptions.BitwiseXorOptions, Fb.BuiltinOptions.RightShiftOptions,
    ];

    // Operators for which TensorFlow's converter writes a field-less options table (the ops declared with options
    // in its TFLite dialect, tfl_ops.td); the others go without one.
    private static readonly Dictionary<Op, Fb.BuiltinOptions> FieldlessTablesWritten = new()
    {
        [Op.Pad] = Fb.BuiltinOptions.PadOptions,
        [Op.Padv2] = Fb.BuiltinOptions.PadV2Options,
        [Op.Exp] = Fb.BuiltinOptions.ExpOptions,
        [Op.ExpandDims] = Fb.BuiltinOptions.ExpandDimsOptions,
        [Op.LogSoftmax] = Fb.BuiltinOptions.LogSoftmaxOptions,
        [Op.Neg] = Fb.BuiltinOptions.NegOptions,
        [Op.Select] = Fb.BuiltinOptions.SelectOptions,
        [Op.SelectV2] = Fb.BuiltinOptions.SelectV2Options,
        [Op.Square] = Fb.BuiltinOptions.SquareOptions,
        [Op.ZerosLike] = Fb.BuiltinOptions.ZerosLikeOptions,
        [Op.TopkV2] = Fb.BuiltinOptions.TopKV2Options,
        [Op.ScatterNd] = Fb.BuiltinOptions.ScatterNdOptions,
    };

    /// <summary>The options of an operator of the file.</summary>
    /// <exception cref="SchemaMappingException">Options of another operator, or options the graph cannot hold.</exception>
    public static OperatorOptions? Read(Fb.Operator op, Op code)
    {
        if (op.BuiltinOptions2Type != Fb.BuiltinOptions2.NONE)
            throw SchemaMappingException.Unsupported($"builtin_options_2 {op.BuiltinOptions2Type} are not supported");
        var type = op.BuiltinOptionsType;
        if (type == Fb.BuiltinOptions.NONE) return null;
        if (ByOperator.TryGetValue(code, out var expected) && expected.UnionType != type)
            throw SchemaMappingException.Invalid($"a {code} operator carries {type} instead of {expected.UnionType}");
        if (FieldlessTables.Contains(type)) return null;
        if (ByUnionType.TryGetValue(type, out var codec)) return codec.Read(op);
        throw SchemaMappingException.Unsupported($"{type} (options of a {code} operator) are not supported");
    }

    /// <summary>Writes the options of an operator; returns the union type and the table offset (0 for none).</summary>
    /// <exception cref="ModelFormatException">The operator carries options of another operator.</exception>
    public static (Fb.BuiltinOptions Type, int Offset) Write(FlatBufferBuilder builder, Graph.Operator op)
    {
        if (op.Options is null)
        {
            if (!FieldlessTablesWritten.TryGetValue(op.Code, out var fieldless)) return (Fb.BuiltinOptions.NONE, 0);
            builder.StartTable(0);
            return (fieldless, builder.EndTable());
        }
        var record = op.Options.GetType().Name;
        if (!ByRecordType.TryGetValue(op.Options.GetType(), out var codec))
            throw InvalidGraph(op, $"{record} have no TFLite options table");
        if (ByOperator.TryGetValue(op.Code, out var expected) && expected != codec)
            throw InvalidGraph(op, $"it carries {record}, but a {op.Code} operator takes {expected.RecordType.Name}");
        return (codec.UnionType, codec.Write(builder, op.Options));
    }

    private static ModelFormatException InvalidGraph(Graph.Operator op, string problem) =>
        new(TfLiteErrorIds.InvalidGraph, $"Operator {op}: {problem}.", op.ToString());
}
