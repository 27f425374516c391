namespace TfLite.Core.Keras.Config;

/// <summary>A leaf layer of a Keras model: its class, name, configuration and where its weights are stored.</summary>
public sealed class KerasLayer
{
    /// <summary>Creates a layer description.</summary>
    public KerasLayer(string className, string name, LayerConfig config, IReadOnlyList<string> weightPath,
        string? module = null, string? registeredName = null, string? wrapperClass = null)
    {
        ClassName = className;
        Name = name;
        Config = config;
        WeightPath = weightPath;
        Module = module;
        RegisteredName = registeredName;
        WrapperClass = wrapperClass;
    }

    /// <summary>The Keras class, e.g. <c>Conv2D</c> (for a transparent wrapper, the wrapped layer's class).</summary>
    public string ClassName { get; }

    /// <summary>The layer's name in the model.</summary>
    public string Name { get; }

    /// <summary>The layer's <c>config</c> object with typed accessors.</summary>
    public LayerConfig Config { get; }

    /// <summary>Layer names from the top model down through nested models to this layer, as
    /// <see cref="KerasModelFile.GetWeights"/> expects.</summary>
    public IReadOnlyList<string> WeightPath { get; }

    /// <summary>Keras 3 <c>module</c> field, when present.</summary>
    public string? Module { get; }

    /// <summary>Keras 3 <c>registered_name</c> field, when present.</summary>
    public string? RegisteredName { get; }

    /// <summary>The wrapper that was unwrapped to get this layer (e.g. <c>QuantizeAnnotate</c>), if any.</summary>
    public string? WrapperClass { get; }

    /// <inheritdoc />
    public override string ToString() => $"{ClassName} {Name}";
}
