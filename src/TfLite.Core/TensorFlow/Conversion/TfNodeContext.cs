using TfLite.Core.Graph;
using TfLite.Core.Keras.Conversion;
using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.TensorFlow.Conversion;

/// <summary>What an op converter sees of one node: its attributes, its data inputs as values, and the graph being
/// built. Outputs it emits are named after the node (<c>node</c>, <c>node:1</c>, ...), as TensorFlow's converter
/// names them.</summary>
public sealed class TfNodeContext
{
    private int _emitted;

    internal TfNodeContext(NodeDef node, IReadOnlyList<TfValue> inputs, GraphBuilder builder, ITfVariableSource? variables, string? sourcePath)
    {
        Node = node;
        Inputs = inputs;
        Builder = builder;
        Variables = variables;
        SourcePath = sourcePath;
        Attr = new TfAttributes(node);
    }

    /// <summary>The node being converted.</summary>
    public NodeDef Node { get; }

    /// <summary>Its attributes.</summary>
    public TfAttributes Attr { get; }

    /// <summary>Its data inputs, in order (control inputs are left out).</summary>
    public IReadOnlyList<TfValue> Inputs { get; }

    /// <summary>The TFLite graph under construction.</summary>
    public GraphBuilder Builder { get; }

    /// <summary>Values of the graph's variables, if any were given.</summary>
    public ITfVariableSource? Variables { get; }

    /// <summary>The file being converted, for messages.</summary>
    public string? SourcePath { get; }

    /// <summary>Data input <paramref name="index"/>, checked to exist.</summary>
    public TfValue Input(int index) => index < Inputs.Count ? Inputs[index]
        : throw Invalid($"has {Inputs.Count} input(s); input {index} is needed");

    /// <summary>Input <paramref name="index"/> as a TFLite tensor; a constant becomes a constant tensor once.</summary>
    public Tensor Tensor(int index) => Materialize(Input(index), $"{Node.Name}/input{index}");

    /// <summary><paramref name="value"/> as a TFLite tensor (float32 or int32 for a constant).</summary>
    public Tensor Materialize(TfValue value, string name)
    {
        if (value.Tensor is { } existing) return existing;
        var tensor = value.Floats is { } floats
            ? Builder.AddConstant(name, TensorType.Float32, value.Dims, floats.AsSpan())
            : Builder.AddConstant(name, TensorType.Int32, value.Dims, value.IntValues().AsSpan());
        tensor.WeightGrid = value.WeightGrid;
        value.Materialized(tensor);
        return tensor;
    }

    /// <summary>Input <paramref name="index"/>, which must be known at conversion time (weights, a shape, axes).</summary>
    public TfValue Constant(int index)
    {
        var value = Input(index);
        return value.IsConstant ? value
            : throw Unsupported($"input {index} ('{Node.Input[index]}') must be a constant, but it is computed at run time");
    }

    /// <summary>Adds the operator that computes the node's next output and returns that output.</summary>
    public TfValue Emit(BuiltinOperator code, IEnumerable<Tensor?> inputs, int[] dims, OperatorOptions? options = null, TensorType type = TensorType.Float32)
    {
        var name = _emitted == 0 ? Node.Name : $"{Node.Name}:{_emitted}";
        _emitted++;
        var output = Builder.AddTensor(name, type, dims);
        Builder.AddOperator(code, inputs, [output], options, Node.Name);
        return TfValue.Of(output);
    }

    /// <summary>An error about the node's attributes or inputs.</summary>
    public ModelFormatException Invalid(string detail) =>
        new(TfErrorIds.InvalidNode, $"Node '{Node.Name}' ({Node.Op}) {detail}.", Node.Name);

    /// <summary>An error about an option or input form the converter cannot express in TFLite.</summary>
    public UnsupportedLayerException Unsupported(string detail) =>
        new(Node.Name, Node.Op, detail, "UnsupportedTfOpOption");
}
