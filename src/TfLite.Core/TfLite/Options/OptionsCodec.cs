using Google.FlatBuffers;
using TfLite.Core.Graph;
using Fb = TfLite.Core.Serialization.Schema;

namespace TfLite.Core.Serialization.Options;

/// <summary>Maps one schema options table to one graph options record and back.</summary>
internal sealed class OptionsCodec
{
    private OptionsCodec(Fb.BuiltinOptions unionType, Type recordType, BuiltinOperator[] operators,
        Func<Fb.Operator, OperatorOptions?> read, Func<FlatBufferBuilder, OperatorOptions, int> write)
    {
        UnionType = unionType;
        RecordType = recordType;
        Operators = operators;
        Read = read;
        Write = write;
    }

    /// <summary>The <c>BuiltinOptions</c> union member.</summary>
    public Fb.BuiltinOptions UnionType { get; }

    /// <summary>The graph record type.</summary>
    public Type RecordType { get; }

    /// <summary>The operators whose options this table holds.</summary>
    public BuiltinOperator[] Operators { get; }

    /// <summary>Reads the operator's options table; null when the union names the type but holds no table.</summary>
    public Func<Fb.Operator, OperatorOptions?> Read { get; }

    /// <summary>Writes the record as a table and returns the table's offset.</summary>
    public Func<FlatBufferBuilder, OperatorOptions, int> Write { get; }

    /// <summary>A codec from a read and a write function over the generated table type.</summary>
    public static OptionsCodec Of<TTable, TRecord>(Fb.BuiltinOptions unionType, BuiltinOperator[] operators,
        Func<TTable, TRecord> read, Func<FlatBufferBuilder, TRecord, int> write)
        where TTable : struct, IFlatbufferObject
        where TRecord : OperatorOptions =>
        new(unionType, typeof(TRecord), operators,
            op => op.BuiltinOptions<TTable>() is { } table ? read(table) : null,
            (builder, options) => write(builder, (TRecord)options));
}
