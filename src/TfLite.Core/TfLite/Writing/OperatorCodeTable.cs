using Google.FlatBuffers;
using TfLite.Core.Graph;
using Fb = TfLite.Core.Serialization.Schema;

namespace TfLite.Core.Serialization.Writing;

/// <summary>The model's operator codes: one per distinct operator, custom name and version, in order of first use,
/// so that each operator keeps its own version.</summary>
internal sealed class OperatorCodeTable
{
    // Codes from 127 on do not fit deprecated_builtin_code, which then holds this placeholder.
    private const int PlaceholderForGreaterOpCodes = 127;

    private readonly List<(BuiltinOperator Code, string? CustomCode, int Version)> _codes = [];
    private readonly Dictionary<(BuiltinOperator, string?, int), uint> _index = [];

    /// <summary>The index of the code for an operator of this kind and version, added on first use.</summary>
    public uint IndexOf(Operator op, int version)
    {
        var key = (op.Code, op.CustomCode, version);
        if (!_index.TryGetValue(key, out var index))
        {
            _index[key] = index = (uint)_codes.Count;
            _codes.Add(key);
        }
        return index;
    }

    /// <summary>Writes the operator codes vector. Current runtimes read builtin_code; older ones the deprecated
    /// field, which therefore holds min(code, 127).</summary>
    public VectorOffset Write(FlatBufferBuilder builder)
    {
        var offsets = _codes.Select(c => Fb.OperatorCode.CreateOperatorCode(builder,
            (sbyte)Math.Min((int)c.Code, PlaceholderForGreaterOpCodes),
            c.CustomCode is null ? default : builder.CreateString(c.CustomCode),
            c.Version,
            (Fb.BuiltinOperator)(int)c.Code)).ToArray();
        return Fb.Model.CreateOperatorCodesVector(builder, offsets);
    }
}
