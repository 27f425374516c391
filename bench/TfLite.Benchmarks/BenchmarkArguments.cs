namespace TfLite.Benchmarks;

/// <summary>Options after the subcommand: <c>--name value</c> pairs and bare <c>--flags</c>.</summary>
internal sealed class BenchmarkArguments
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);

    public BenchmarkArguments(IEnumerable<string> args)
    {
        string? pending = null;
        foreach (var a in args)
        {
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null) _values[pending] = null;
                pending = a[2..];
            }
            else if (pending is not null)
            {
                _values[pending] = a;
                pending = null;
            }
            else throw new ArgumentException($"Unexpected argument '{a}'; options are --name value.");
        }
        if (pending is not null) _values[pending] = null;
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public int GetInt(string name, int fallback) =>
        _values.TryGetValue(name, out var v) && v is not null ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
