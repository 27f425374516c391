using System.Text.Json.Nodes;
using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Config;

/// <summary>
/// A Keras model as one flat graph of layer calls: nested Sequential/Functional models are already expanded, so
/// every <see cref="KerasNode"/> is one call of one leaf layer, listed in an order where inputs come first.
/// </summary>
public sealed class KerasModelGraph
{
    /// <summary>Creates the graph.</summary>
    public KerasModelGraph(string name, IReadOnlyList<KerasInput> inputs, IReadOnlyList<KerasNode> nodes, IReadOnlyList<KerasOutput> outputs)
    {
        Name = name;
        Inputs = inputs;
        Nodes = nodes;
        Outputs = outputs;
    }

    /// <summary>The top model's name.</summary>
    public string Name { get; }

    /// <summary>The model's inputs in Keras order.</summary>
    public IReadOnlyList<KerasInput> Inputs { get; }

    /// <summary>Layer calls in execution order.</summary>
    public IReadOnlyList<KerasNode> Nodes { get; }

    /// <summary>The model's outputs in Keras order.</summary>
    public IReadOnlyList<KerasOutput> Outputs { get; }
}

/// <summary>A model input: an <c>InputLayer</c> (or the implicit input of a Sequential model).</summary>
/// <param name="Name">The input layer's name.</param>
/// <param name="Shape">Keras shape including the batch dimension; -1 for unknown (None) dimensions.</param>
/// <param name="Type">Element type from the layer's dtype.</param>
/// <param name="Tensor">The symbolic tensor the input stands for.</param>
public sealed record KerasInput(string Name, int[] Shape, TensorType Type, SymbolicTensor Tensor);

/// <summary>A model output.</summary>
/// <param name="Name">The name Keras gives the output (the producing layer's name).</param>
/// <param name="Tensor">The symbolic tensor that is output.</param>
public sealed record KerasOutput(string Name, SymbolicTensor Tensor);

/// <summary>
/// A tensor of the Keras graph before conversion: output <see cref="Index"/> of a layer call, or a model input.
/// Compared by reference.
/// </summary>
public sealed class SymbolicTensor
{
    internal SymbolicTensor(KerasNode? producer, int index, string description)
    {
        Producer = producer;
        Index = index;
        Description = description;
    }

    /// <summary>The layer call that produces the tensor; null for model inputs.</summary>
    public KerasNode? Producer { get; }

    /// <summary>Which output of the producer this is.</summary>
    public int Index { get; }

    /// <summary>Human-readable reference for messages, e.g. <c>dense[0][0]</c>.</summary>
    public string Description { get; }

    /// <inheritdoc />
    public override string ToString() => Description;
}

/// <summary>One call of a leaf layer: the layer, its input tensors and its keyword arguments.</summary>
public sealed class KerasNode
{
    private readonly Dictionary<int, SymbolicTensor> _outputs = [];

    internal KerasNode(KerasLayer layer, int callIndex, IReadOnlyList<SymbolicTensor> inputs,
        IReadOnlyDictionary<string, IReadOnlyList<SymbolicTensor>> kwargTensors, JsonObject kwargs)
    {
        Layer = layer;
        CallIndex = callIndex;
        Inputs = inputs;
        KwargTensors = kwargTensors;
        Kwargs = kwargs;
    }

    /// <summary>The layer being called.</summary>
    public KerasLayer Layer { get; }

    /// <summary>0 for the layer's first call, 1 for the second (shared layers), ...</summary>
    public int CallIndex { get; }

    /// <summary>Positional input tensors, flattened in order (a list argument such as Add's inputs counts element-wise).</summary>
    public IReadOnlyList<SymbolicTensor> Inputs { get; }

    /// <summary>Tensors passed as keyword arguments (Keras 3 configs), e.g. <c>initial_state</c> or <c>mask</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<SymbolicTensor>> KwargTensors { get; }

    /// <summary>The call's keyword arguments as recorded (e.g. <c>{"training": false}</c>); empty when none.</summary>
    public JsonObject Kwargs { get; }

    /// <summary>Output tensor number <paramref name="index"/> of this call (created on first use).</summary>
    public SymbolicTensor Output(int index)
    {
        if (!_outputs.TryGetValue(index, out var t))
            _outputs[index] = t = new SymbolicTensor(this, index, $"{Layer.Name}[{CallIndex}][{index}]");
        return t;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Layer.ClassName} {Layer.Name} call {CallIndex}";
}
