namespace TfLite.Core.Graph;

/// <summary>A TFLite subgraph: its tensors, operators in execution order, inputs and outputs.</summary>
public sealed class Subgraph
{
    /// <summary>Optional subgraph name.</summary>
    public string? Name { get; set; }

    /// <summary>Every tensor of the subgraph, in file order.</summary>
    public List<Tensor> Tensors { get; } = [];

    /// <summary>Operators in execution order.</summary>
    public List<Operator> Operators { get; } = [];

    /// <summary>Graph inputs.</summary>
    public List<Tensor> Inputs { get; } = [];

    /// <summary>Graph outputs.</summary>
    public List<Tensor> Outputs { get; } = [];

    /// <summary>Adds a tensor to <see cref="Tensors"/> and returns it.</summary>
    public Tensor AddTensor(Tensor tensor)
    {
        Tensors.Add(tensor);
        return tensor;
    }

    /// <summary>Adds an operator after the existing ones and returns it.</summary>
    public Operator AddOperator(Operator op)
    {
        Operators.Add(op);
        return op;
    }

    /// <summary>The operator that writes <paramref name="tensor"/>, or null for inputs and constants.</summary>
    public Operator? ProducerOf(Tensor tensor) => Operators.FirstOrDefault(o => o.Outputs.Contains(tensor));

    /// <summary>The operators that read <paramref name="tensor"/>.</summary>
    public IEnumerable<Operator> ConsumersOf(Tensor tensor) => Operators.Where(o => o.Inputs.Contains(tensor));

    /// <summary>Finds a tensor by name.</summary>
    public Tensor? FindTensor(string name) => Tensors.FirstOrDefault(t => t.Name == name);
}
