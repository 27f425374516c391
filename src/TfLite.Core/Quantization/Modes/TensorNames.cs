using TfLite.Core.Graph;

namespace TfLite.Core.Quantization.Modes;

/// <summary>
/// Names for tensors the quantizer adds, unique within a subgraph. Like TensorFlow's converter, a derived tensor
/// takes its source's name with the smallest numeric suffix (1, 2, ...) not yet in use.
/// </summary>
internal sealed class TensorNames(Subgraph subgraph)
{
    private readonly HashSet<string> _used = [.. subgraph.Tensors.Select(t => t.Name)];

    /// <summary>A fresh name derived from <paramref name="baseName"/>, reserved from now on.</summary>
    public string Derive(string baseName)
    {
        for (var n = 1; ; n++)
        {
            var name = baseName + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_used.Add(name)) return name;
        }
    }
}
