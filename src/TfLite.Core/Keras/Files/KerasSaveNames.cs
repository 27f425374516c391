using System.Text.Json;
using System.Text.RegularExpressions;

namespace TfLite.Core.Keras.Files;

/// <summary>
/// The names Keras 3 gives objects inside <c>model.weights.h5</c>. A model's layers are saved under
/// <c>layers/&lt;key&gt;</c>, where the key is the layer's class in snake case, numbered from the second layer of the
/// same class on (<c>conv2d</c>, <c>conv2d_1</c>, ...), in the order of <c>model.layers</c>; other sub-objects are
/// saved under their attribute names, visited in sorted order with private (<c>_</c>) names last.
/// </summary>
internal static partial class KerasSaveNames
{
    [GeneratedRegex(@"\W+")]
    private static partial Regex NonWord();

    [GeneratedRegex("(.)([A-Z][a-z]+)")]
    private static partial Regex CapitalizedWord();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex LowerUpper();

    /// <summary>Keras' snake case of a class name: <c>Conv2DTranspose</c> → <c>conv2d_transpose</c>,
    /// <c>LeakyReLU</c> → <c>leaky_re_lu</c>.</summary>
    public static string ToSnakeCase(string className)
    {
        var name = NonWord().Replace(className, "");
        name = CapitalizedWord().Replace(name, "$1_$2");
        return LowerUpper().Replace(name, "$1_$2").ToLowerInvariant();
    }

    /// <summary>The layer names of a model's layer entries with the keys Keras saves them under.</summary>
    public static IEnumerable<(string Name, string Key)> ContainerKeys(IReadOnlyList<JsonElement> layerEntries)
    {
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in layerEntries)
        {
            var className = KerasModelConfig.ClassName(entry);
            if (className is null) continue;
            var key = ToSnakeCase(className);
            if (used.TryGetValue(key, out var count))
            {
                used[key] = count + 1;
                key = $"{key}_{count + 1}";
            }
            else
            {
                used[key] = 0;
            }
            if (KerasModelConfig.Name(entry) is { } name) yield return (name, key);
        }
    }

    /// <summary>
    /// Orders sub-object names the way Keras visits them when saving (ordinal, <c>_</c>-prefixed names last), except
    /// that a bidirectional wrapper's <c>forward_layer</c> comes before its <c>backward_layer</c>, as in
    /// <c>layer.weights</c>.
    /// </summary>
    public static IEnumerable<T> InSaveOrder<T>(IEnumerable<T> items, Func<T, string> name) =>
        items.OrderBy(i => SortKey(name(i)), StringComparer.Ordinal).ThenBy(i => name(i) == "forward_layer" ? 0 : 1);

    private static string SortKey(string name) => name switch
    {
        "forward_layer" => "backward_layer",
        _ when name.StartsWith('_') => "~" + name,
        _ => name,
    };

    /// <summary>Orders the datasets of a <c>vars</c> group by their numeric names (<c>0</c>, <c>1</c>, ..., <c>10</c>).</summary>
    public static IEnumerable<T> InVariableOrder<T>(IEnumerable<T> items, Func<T, string> name) =>
        items.OrderBy(i => int.TryParse(name(i), out var n) ? n : int.MaxValue).ThenBy(name, StringComparer.Ordinal);
}
