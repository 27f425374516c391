using TfLite.Core.Graph;

namespace TfLite.Core.Quantization.Modes;

/// <summary>
/// Which operators the user asked to keep in float: <see cref="QuantizationOptions.ExcludeOperators"/> matches the
/// operator type (TFLite's <c>MAX_POOL_2D</c> or the enum's <c>MaxPool2D</c>), <see cref="QuantizationOptions.ExcludeLayers"/>
/// matches the source layer or any output tensor's name.
/// </summary>
internal sealed class OperatorExclusions
{
    private readonly WildcardPattern[] _layers;
    private readonly WildcardPattern[] _operators;

    /// <summary>Compiles the patterns of the options.</summary>
    public OperatorExclusions(QuantizationOptions options)
    {
        _layers = [.. options.ExcludeLayers.Select(p => new WildcardPattern(p))];
        _operators = [.. options.ExcludeOperators.Select(p => new WildcardPattern(p.Replace("_", "")))];
    }

    /// <summary>True when <paramref name="op"/> must stay in float.</summary>
    public bool IsExcluded(Operator op)
    {
        var type = (op.Code == BuiltinOperator.Custom ? op.CustomCode : null) ?? op.Code.ToString();
        if (_operators.Any(p => p.IsMatch(type) || p.IsMatch(type.Replace("_", "")))) return true;
        if (_layers.Length == 0) return false;
        return _layers.Any(p => (op.SourceLayer is { } layer && p.IsMatch(layer)) || op.Outputs.Any(o => p.IsMatch(o.Name)));
    }
}
