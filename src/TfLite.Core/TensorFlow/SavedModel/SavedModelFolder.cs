using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;
using SavedModelProto = TfLite.Core.TensorFlow.Protos.SavedModel;

namespace TfLite.Core.TensorFlow.SavedModel;

/// <summary>
/// A SavedModel folder opened for conversion: <c>saved_model.pb</c> (or <c>saved_model.pbtxt</c>), the MetaGraph whose
/// tag-set equals the requested tags, the requested signature of it, and the <c>variables/variables</c> bundle.
/// </summary>
public sealed class SavedModelFolder
{
    /// <summary>The tags TensorFlow's serving export writes, chosen when none are given.</summary>
    public static readonly IReadOnlyList<string> DefaultTags = ["serve"];

    /// <summary>The signature chosen when none is named.</summary>
    public const string DefaultSignature = "serving_default";

    private SavedModelFolder(string directory, string file, MetaGraphDef metaGraph, TensorBundle? variables)
    {
        Directory = directory;
        File = file;
        MetaGraph = metaGraph;
        Variables = variables;
    }

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>The <c>saved_model.pb</c> or <c>saved_model.pbtxt</c> that was read.</summary>
    public string File { get; }

    /// <summary>The MetaGraph chosen by the tags.</summary>
    public MetaGraphDef MetaGraph { get; }

    /// <summary>The variables bundle; null when the folder has no <c>variables/variables.index</c>.</summary>
    public TensorBundle? Variables { get; }

    /// <summary>Reads the folder and chooses the MetaGraph whose tags are exactly <paramref name="tags"/> (as a set).</summary>
    /// <exception cref="ModelFormatException">The model file is missing, truncated or damaged
    /// (<see cref="TfErrorIds.SavedModelMalformed"/>), no MetaGraph carries the tags
    /// (<see cref="TfErrorIds.TagsNotFound"/>), or the variables index is damaged.</exception>
    public static SavedModelFolder Open(string directory, IReadOnlyList<string>? tags)
    {
        var file = Path.Combine(directory, "saved_model.pb");
        if (!System.IO.File.Exists(file)) file = Path.Combine(directory, "saved_model.pbtxt");
        var model = ReadModel(file);
        var wanted = new HashSet<string>(tags is { Count: > 0 } ? tags : DefaultTags, StringComparer.Ordinal);
        var metaGraph = model.MetaGraphs.FirstOrDefault(m => wanted.SetEquals(m.MetaInfoDef?.Tags ?? []))
            ?? throw new ModelFormatException(TfErrorIds.TagsNotFound,
                $"SavedModel '{directory}' has no MetaGraph tagged {{{string.Join(", ", wanted.Order(StringComparer.Ordinal))}}}; it has "
                + (model.MetaGraphs.Count == 0 ? "none." : string.Join(", ", model.MetaGraphs.Select(m => $"{{{string.Join(", ", m.MetaInfoDef?.Tags ?? [])}}}")) + "."),
                directory);
        var prefix = Path.Combine(directory, "variables", "variables");
        var variables = System.IO.File.Exists(prefix + ".index") ? TensorBundle.Open(prefix) : null;
        return new SavedModelFolder(directory, file, metaGraph, variables);
    }

    /// <summary>The signature named <paramref name="name"/> (<see cref="DefaultSignature"/> when null).</summary>
    /// <exception cref="ModelFormatException">The MetaGraph has no such signature (<see cref="TfErrorIds.SignatureNotFound"/>,
    /// the message lists those it has).</exception>
    public SignatureDef Signature(string? name)
    {
        name ??= DefaultSignature;
        if (MetaGraph.SignatureDef.TryGetValue(name, out var signature)) return signature;
        var present = MetaGraph.SignatureDef.Keys.Order(StringComparer.Ordinal).ToList();
        throw new ModelFormatException(TfErrorIds.SignatureNotFound,
            $"SavedModel '{Directory}' has no signature '{name}'; it has {(present.Count == 0 ? "none" : string.Join(", ", present))}.", name);
    }

    private static SavedModelProto ReadModel(string file)
    {
        try
        {
            return GraphDefFile.Read(file, SavedModelProto.Parser);
        }
        catch (ModelFormatException e) when (e.ErrorId == TfErrorIds.GraphDefMalformed)
        {
            throw new ModelFormatException(TfErrorIds.SavedModelMalformed,
                $"'{file}' is not a valid SavedModel (truncated or damaged): {e.Message}", file, e);
        }
    }
}
