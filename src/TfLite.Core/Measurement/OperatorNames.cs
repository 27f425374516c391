using TfLite.Core.Graph;

namespace TfLite.Core.Measurement;

/// <summary>Operator names as TFLite's tools print them (<c>CONV_2D</c>, <c>FULLY_CONNECTED</c>), custom ops by their code.</summary>
public static class OperatorNames
{
    /// <summary>The schema name of an operator code (the number for a code the schema does not name).</summary>
    public static string Of(BuiltinOperator code) => ((Serialization.Schema.BuiltinOperator)(int)code).ToString();

    /// <summary>The name of an operator; a custom operator is shown by its custom code.</summary>
    public static string Of(Operator op) => op.Code == BuiltinOperator.Custom && op.CustomCode is { } custom ? custom : Of(op.Code);
}
