using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Conversion;

/// <summary>
/// Builds the main subgraph of a <see cref="TfLiteGraph"/> during conversion: tensors with unique names, constants
/// and operators. Shapes are given as Keras dims with -1 for unknown dimensions (the batch): the tensor's
/// <see cref="Tensor.Shape"/> then holds 1 there and <see cref="Tensor.ShapeSignature"/> -1, as TensorFlow writes them.
/// </summary>
public sealed class GraphBuilder
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Starts an empty graph named <paramref name="modelName"/>.</summary>
    public GraphBuilder(string modelName) => Graph = TfLiteGraph.CreateEmpty(modelName);

    /// <summary>The graph being built.</summary>
    public TfLiteGraph Graph { get; }

    /// <summary>The main subgraph.</summary>
    public Subgraph Main => Graph.Main;

    /// <summary>Returns <paramref name="name"/>, or <c>name#1</c>, <c>name#2</c>, ... when it is taken, and reserves it.</summary>
    public string UniqueName(string name)
    {
        if (_names.Add(name)) return name;
        for (var i = 1; ; i++)
        {
            var candidate = $"{name}#{i}";
            if (_names.Add(candidate)) return candidate;
        }
    }

    /// <summary>Gives <paramref name="tensor"/> the name <paramref name="name"/> (made unique), releasing its old name.</summary>
    public void Rename(Tensor tensor, string name)
    {
        if (tensor.Name == name) return;
        _names.Remove(tensor.Name);
        tensor.Name = UniqueName(name);
    }

    /// <summary>Adds a run-time tensor with Keras dims (-1 = unknown).</summary>
    public Tensor AddTensor(string name, TensorType type, ReadOnlySpan<int> dims)
    {
        var tensor = new Tensor(UniqueName(name), type, StaticShape(dims)) { ShapeSignature = Signature(dims) };
        return Main.AddTensor(tensor);
    }

    /// <summary>Adds a constant tensor holding <paramref name="values"/> (row-major).</summary>
    /// <exception cref="ArgumentException">The value count does not match the shape.</exception>
    public Tensor AddConstant<T>(string name, TensorType type, int[] shape, ReadOnlySpan<T> values) where T : struct
    {
        if (Shape.ElementCount(shape) != values.Length)
            throw new ArgumentException($"Constant '{name}' has {values.Length} values for shape {Shape.Format(shape)}.");
        return Main.AddTensor(Tensor.Constant(UniqueName(name), type, shape, values));
    }

    /// <summary>
    /// Adds a constant that takes ownership of <paramref name="data"/> (its little-endian bytes) instead of copying it:
    /// the caller must not keep or change the array.
    /// </summary>
    public Tensor AddOwnedConstant(string name, TensorType type, int[] shape, byte[] data)
    {
        if (Shape.ElementCount(shape) * type.SizeOf() != data.Length)
            throw new ArgumentException($"Constant '{name}' has {data.Length} bytes for shape {Shape.Format(shape)}.");
        return Main.AddTensor(new Tensor(UniqueName(name), type, shape) { Data = data });
    }

    /// <summary>Adds an operator after the existing ones.</summary>
    public Operator AddOperator(BuiltinOperator code, IEnumerable<Tensor?> inputs, IEnumerable<Tensor> outputs, OperatorOptions? options, string? sourceLayer) =>
        Main.AddOperator(new Operator(code, inputs, outputs, options) { SourceLayer = sourceLayer });

    /// <summary>Keras dims of a tensor: its shape signature where it has one, else its static shape.</summary>
    public static int[] DimsOf(Tensor tensor) => tensor.ShapeSignature ?? tensor.Shape;

    private static int[] StaticShape(ReadOnlySpan<int> dims)
    {
        var shape = dims.ToArray();
        for (var i = 0; i < shape.Length; i++)
            if (shape[i] < 0) shape[i] = 1;
        return shape;
    }

    private static int[]? Signature(ReadOnlySpan<int> dims)
    {
        foreach (var d in dims)
            if (d < 0) return dims.ToArray();
        return null;
    }
}
