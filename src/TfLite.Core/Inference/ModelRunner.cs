using TfLite.Core.Graph;
using TfLite.Core.Interpreter;

namespace TfLite.Core.Inference;

using Interpreter = TfLite.Core.Interpreter.Interpreter;

/// <summary>
/// Runs a graph on named or positional arrays: binds each array to its input (converting or quantizing values as
/// <see cref="InputConversion"/> does, resizing the batch), invokes the interpreter and copies the outputs.
/// </summary>
public sealed class ModelRunner
{
    /// <summary>Creates the interpreter for <paramref name="graph"/>.</summary>
    /// <exception cref="InterpreterException"><c>UnsupportedOperator</c> listing every operator without a kernel.</exception>
    public ModelRunner(TfLiteGraph graph, InterpreterOptions? options = null) => Interpreter = new Interpreter(graph, options);

    /// <summary>The interpreter that runs the graph (for timing hooks, tensors and the memory plan).</summary>
    public Interpreter Interpreter { get; }

    /// <summary>Sets the inputs, runs the graph once and returns a copy of every output.</summary>
    /// <param name="inputs">All positional (bound in input order) or all named (signature or tensor names).</param>
    /// <exception cref="InterpreterException"><c>MissingInput</c>, <c>UnknownInput</c>, <c>InputShapeMismatch</c>
    /// or <c>InputTypeMismatch</c>, naming the input.</exception>
    public IReadOnlyList<TensorValue> Run(IReadOnlyList<NamedArray> inputs)
    {
        SetInputs(inputs);
        Interpreter.Invoke();
        return Outputs();
    }

    /// <summary>Binds every input without running (the inputs stay set for <see cref="Interpreter"/>.Invoke).</summary>
    public void SetInputs(IReadOnlyList<NamedArray> inputs)
    {
        var bound = Bind(inputs);
        for (int i = 0; i < bound.Length; i++) InputConversion.SetInput(Interpreter, i, bound[i]!.Array);
    }

    /// <summary>Copies of the outputs of the last run, named by their signature names where the graph has them.</summary>
    public IReadOnlyList<TensorValue> Outputs()
    {
        var names = OutputNames();
        return Interpreter.Outputs.Select((t, i) => TensorValue.From(t, names[i])).ToList();
    }

    private NamedArray?[] Bind(IReadOnlyList<NamedArray> inputs)
    {
        var tensors = Interpreter.Inputs;
        var bound = new NamedArray?[tensors.Count];
        int position = 0;
        foreach (var input in inputs)
        {
            int index;
            if (input.Name is null)
            {
                if (position >= tensors.Count)
                    throw new InterpreterException(InferenceErrorIds.UnknownInput,
                        $"Model '{Interpreter.Graph.Name}' has {tensors.Count} input(s); {inputs.Count} arrays were given.", Interpreter.Graph.Name);
                index = position++;
            }
            else index = Interpreter.GetInputIndex(input.Name);
            if (bound[index] is not null)
                throw new InterpreterException(InferenceErrorIds.UnknownInput, $"Input '{tensors[index].Name}' was given twice.", tensors[index].Name);
            bound[index] = input;
        }
        for (int i = 0; i < bound.Length; i++)
            if (bound[i] is null)
                throw new InterpreterException(InferenceErrorIds.MissingInput,
                    $"Input '{tensors[i].Name}' ({tensors[i].Type} {Shape.Format(tensors[i].Shape)}) of model '{Interpreter.Graph.Name}' was given no values.", tensors[i].Name);
        return bound;
    }

    private string[] OutputNames()
    {
        var outputs = Interpreter.Graph.Main.Outputs;
        var signature = Interpreter.Graph.SignatureDefs.FirstOrDefault(s => s.SubgraphIndex == 0);
        return outputs.Select(t => signature?.Outputs.FirstOrDefault(o => ReferenceEquals(o.Value, t)).Key ?? t.Name).ToArray();
    }
}
