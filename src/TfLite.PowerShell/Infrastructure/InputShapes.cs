using System.Collections;
using System.Management.Automation;

namespace TfLite.PowerShell.Infrastructure;

/// <summary>Reads <c>-InputShape @{ input = 1, 28, 28, 1 }</c>: input names to dimensions, -1 for a dynamic one.</summary>
internal static class InputShapes
{
    public const string InvalidInputShape = "InvalidInputShape";

    /// <summary>The shapes in <paramref name="table"/>; anything that is not a list of integers is a terminating error.</summary>
    public static IReadOnlyDictionary<string, int[]> From(Hashtable table, PSCmdlet cmdlet)
    {
        var shapes = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            var name = entry.Key?.ToString();
            var dims = Dimensions(entry.Value);
            if (string.IsNullOrEmpty(name) || dims is null)
                cmdlet.ThrowTerminatingError(ErrorRecords.Create(InvalidInputShape, ErrorCategory.InvalidArgument, entry.Key,
                    new ArgumentException($"-InputShape entry '{name}' must map an input name to a list of integers (-1 for a dynamic dimension), e.g. @{{ input = 1, 28, 28, 1 }}.")));
            shapes[name!] = dims!;
        }
        return shapes;
    }

    private static int[]? Dimensions(object? value)
    {
        var items = LanguagePrimitives.GetEnumerable(value is PSObject ps ? ps.BaseObject : value) is { } list
            ? list.Cast<object?>().ToArray()
            : [value];
        var dims = new int[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (!LanguagePrimitives.TryConvertTo(items[i], out int d) || d < -1) return null;
            dims[i] = d;
        }
        return dims;
    }
}
