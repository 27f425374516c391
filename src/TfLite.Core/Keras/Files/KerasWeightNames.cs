namespace TfLite.Core.Keras.Files;

/// <summary>Splits the weight names Keras writes into <c>weight_names</c> (<c>conv2d/kernel:0</c>,
/// <c>sequential/dense/kernel</c>, <c>lstm/lstm_cell/recurrent_kernel:0</c>).</summary>
internal static class KerasWeightNames
{
    /// <summary>The scope components and the short name without the TensorFlow output suffix (<c>:0</c>).</summary>
    public static (string[] Scopes, string ShortName) Split(string weightName)
    {
        var parts = weightName.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return ([], weightName);
        return (parts[..^1], StripOutputSuffix(parts[^1]));
    }

    /// <summary><c>kernel:0</c> → <c>kernel</c>; names without a numeric suffix are returned unchanged.</summary>
    public static string StripOutputSuffix(string name)
    {
        var colon = name.LastIndexOf(':');
        return colon > 0 && colon < name.Length - 1 && name.AsSpan(colon + 1).ContainsAnyExceptInRange('0', '9') is false
            ? name[..colon]
            : name;
    }
}
