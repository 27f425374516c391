namespace TfLite.Core.Keras.Layers;

/// <summary>Finds the converter for a Keras class name.</summary>
public sealed class LayerConverterRegistry
{
    private readonly Dictionary<string, ILayerConverter> _byClass = new(StringComparer.Ordinal);

    /// <summary>The registry of every converter listed in <see cref="LayerConverters.All"/>.</summary>
    public static LayerConverterRegistry Default { get; } = new(LayerConverters.All);

    /// <summary>Builds a registry from converters.</summary>
    /// <exception cref="ArgumentException">Two converters claim the same class name.</exception>
    public LayerConverterRegistry(IEnumerable<ILayerConverter> converters)
    {
        foreach (var converter in converters)
            foreach (var className in converter.ClassNames)
                if (!_byClass.TryAdd(className, converter))
                    throw new ArgumentException($"Keras class '{className}' is claimed by {_byClass[className].GetType().Name} and {converter.GetType().Name}.");
    }

    /// <summary>Every class name that has a converter.</summary>
    public IReadOnlyCollection<string> ClassNames => _byClass.Keys;

    /// <summary>The converter for <paramref name="className"/>, or null.</summary>
    public ILayerConverter? Find(string className) => _byClass.GetValueOrDefault(className);
}
