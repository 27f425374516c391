using TfLite.Core.Graph;
using TfLite.Core.Serialization.Options;
using Fb = TfLite.Core.Serialization.Schema;

namespace TfLite.Core.Serialization.Reading;

/// <summary>Maps the operator codes of a model and the operators of its subgraphs.</summary>
internal sealed class OperatorMapper
{
    private const int ObjectCost = 128;

    private readonly byte[] _file;
    private readonly ReadBudget _budget;
    private readonly (BuiltinOperator Code, int Version, string? CustomCode)[] _codes;

    /// <summary>Reads the model's operator codes.</summary>
    public OperatorMapper(byte[] file, Fb.Model model, ReadBudget budget)
    {
        _file = file;
        _budget = budget;
        _codes = new (BuiltinOperator, int, string?)[model.OperatorCodesLength];
        for (var i = 0; i < _codes.Length; i++)
            _codes[i] = MapCode(model.OperatorCodes(i)!.Value, i);
    }

    /// <summary>Maps one operator over the tensors of its subgraph.</summary>
    public Operator Map(Fb.Operator op, IReadOnlyList<Tensor> tensors)
    {
        if (op.OpcodeIndex >= _codes.Length)
            throw SchemaMappingException.Invalid($"opcode_index {op.OpcodeIndex} is out of range: the model has {_codes.Length} operator codes");
        var (code, version, customCode) = _codes[op.OpcodeIndex];
        _budget.Charge(ObjectCost + 8L * (op.InputsLength + op.OutputsLength + op.IntermediatesLength));
        var inputs = (op.GetInputsArray() ?? []).Select(i => i == -1 ? null : TensorAt(tensors, i, "input"));
        var outputs = (op.GetOutputsArray() ?? []).Select(i => TensorAt(tensors, i, "output"));
        var mapped = new Operator(code, inputs, outputs, BuiltinOptionsMap.Read(op, code))
        {
            Version = version,
            CustomCode = customCode,
            CustomOptions = CustomOptions(op),
        };
        mapped.Intermediates.AddRange((op.GetIntermediatesArray() ?? []).Select(i => TensorAt(tensors, i, "intermediate")));
        return mapped;
    }

    /// <summary>The tensor at <paramref name="index"/>, checked to exist.</summary>
    public static Tensor TensorAt(IReadOnlyList<Tensor> tensors, int index, string role) =>
        index >= 0 && index < tensors.Count
            ? tensors[index]
            : throw SchemaMappingException.Invalid($"{role} tensor index {index} is out of range: the subgraph has {tensors.Count} tensors");

    private static (BuiltinOperator, int, string?) MapCode(Fb.OperatorCode code, int index)
    {
        // TFLite's rule: the larger of the two fields, since files before schema 3a only set the deprecated one.
        var value = Math.Max((int)code.BuiltinCode, code.DeprecatedBuiltinCode);
        if (!Enum.IsDefined((BuiltinOperator)value))
            throw SchemaMappingException.Unsupported($"operator code {index} is builtin operator {value}, which this reader does not know");
        if (value == (int)BuiltinOperator.Custom && code.CustomCode is null)
            throw SchemaMappingException.Invalid($"operator code {index} is CUSTOM without a custom_code");
        return ((BuiltinOperator)value, code.Version, code.CustomCode);
    }

    private byte[]? CustomOptions(Fb.Operator op)
    {
        // Models over 2 GB keep large custom options after the flatbuffer.
        if (op.LargeCustomOptionsOffset > 1)
            return ExternalData.Copy(_file, op.LargeCustomOptionsOffset, op.LargeCustomOptionsSize, "large custom options", _budget);
        if (op.CustomOptionsLength == 0) return null;
        _budget.Charge(op.CustomOptionsLength);
        return op.GetCustomOptionsArray();
    }
}
