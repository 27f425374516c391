using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter;

/// <summary>
/// Runs a <see cref="TfLiteGraph"/> with managed kernels that follow TFLite's reference kernels. Set inputs, call
/// <see cref="Invoke"/>, read outputs. Variable tensors keep their values across calls until <see cref="ResetState"/>.
/// Not thread-safe: use one interpreter per thread.
/// </summary>
public sealed class Interpreter
{
    private readonly ExecutionContext _context;
    private readonly SubgraphRunner _main;

    /// <summary>Creates an interpreter and checks that every operator of the graph can run.</summary>
    /// <exception cref="InterpreterException"><c>UnsupportedOperator</c> listing every operator/type combination
    /// that has no kernel; <c>InvalidGraph</c> for a graph without subgraphs or with dangling tensors.</exception>
    public Interpreter(TfLiteGraph graph, InterpreterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Graph = graph;
        Options = options ?? InterpreterOptions.Default;
        if (Options.ThreadCount < 1)
            throw new ArgumentOutOfRangeException(nameof(options), Options.ThreadCount, "ThreadCount must be at least 1.");
        if (graph.Subgraphs.Count == 0)
            throw new InterpreterException("InvalidGraph", $"Model '{graph.Name}' has no subgraph.", graph.Name);
        _context = new ExecutionContext(Options);
        for (int i = 0; i < graph.Subgraphs.Count; i++)
            _context.AddSubgraph(new SubgraphRunner(i, graph.Subgraphs[i], _context));
        _main = _context.Subgraphs[0];

        var problems = _context.Subgraphs.SelectMany(s => s.CheckSupport()).ToList();
        if (problems.Count > 0)
            throw new InterpreterException("UnsupportedOperator",
                $"Model '{graph.Name}' has {problems.Count} operator(s) the interpreter cannot run:{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", problems), graph.Name);
        _main.Prepare();
    }

    /// <summary>The graph being run.</summary>
    public TfLiteGraph Graph { get; }

    /// <summary>The options the interpreter was created with.</summary>
    public InterpreterOptions Options { get; }

    /// <summary>The main subgraph's input tensors, in order.</summary>
    public IReadOnlyList<RuntimeTensor> Inputs => _main.Inputs;

    /// <summary>The main subgraph's output tensors, in order.</summary>
    public IReadOnlyList<RuntimeTensor> Outputs => _main.Outputs;

    /// <summary>Every tensor of the main subgraph, by tensor index (intermediates keep their values after
    /// <see cref="Invoke"/> only with <see cref="InterpreterOptions.PreserveAllTensors"/>).</summary>
    public IReadOnlyList<RuntimeTensor> Tensors => _main.Tensors;

    /// <summary>The main subgraph's arena plan for the current input shapes.</summary>
    public MemoryPlan MemoryPlan
    {
        get
        {
            if (!_main.IsPrepared) _main.Prepare();
            return _main.Plan!;
        }
    }

    /// <summary>Index of the input with that signature name or tensor name.</summary>
    /// <exception cref="InterpreterException"><c>UnknownInput</c>.</exception>
    public int GetInputIndex(string name) => IndexOf(name, _main.Inputs, true);

    /// <summary>Index of the output with that signature name or tensor name.</summary>
    /// <exception cref="InterpreterException"><c>UnknownOutput</c>.</exception>
    public int GetOutputIndex(string name) => IndexOf(name, _main.Outputs, false);

    /// <summary>Changes an input's shape (e.g. the batch); shapes are inferred again before the next Invoke.</summary>
    /// <exception cref="InterpreterException"><c>InputShapeMismatch</c> when a dimension other than the batch or a
    /// dynamic one (-1 in the signature) differs, or the rank differs.</exception>
    public void ResizeInput(int index, ReadOnlySpan<int> shape)
    {
        var t = InputAt(index);
        if (Shape.AreEqual(t.Shape, shape)) return;
        var sig = t.Source.ShapeSignature ?? t.Source.Shape;
        bool ok = shape.Length == sig.Length;
        for (int d = 0; ok && d < shape.Length; d++)
            ok = shape[d] >= 0 && (shape[d] == t.Source.Shape[d] || sig[d] == -1 || d == 0);
        if (!ok)
            throw new InterpreterException("InputShapeMismatch",
                $"Input '{t.Name}' has shape {Shape.Format(sig)}; shape {Shape.Format(shape)} does not fit (only the batch or -1 dimensions may change).", t.Name);
        t.Shape = shape.ToArray();
        foreach (var s in _context.Subgraphs) s.Invalidate();
    }

    /// <summary>Copies values into an input. Without <paramref name="shape"/>, a value count that is a multiple of
    /// one batch item resizes the batch; with it, the input is resized as <see cref="ResizeInput"/> does.</summary>
    /// <exception cref="InterpreterException"><c>InputTypeMismatch</c> or <c>InputShapeMismatch</c>, naming the tensor.</exception>
    public void SetInput<T>(int index, ReadOnlySpan<T> values, ReadOnlySpan<int> shape = default) where T : unmanaged
    {
        var t = InputAt(index);
        var expected = ElementTypes.Of<T>();
        if (!ElementTypes.Matches(t.Type, expected))
            throw new InterpreterException("InputTypeMismatch",
                $"Input '{t.Name}' is {t.Type}; values of type {typeof(T).Name} ({expected}) cannot be set into it.", t.Name);
        if (!shape.IsEmpty) ResizeInput(index, shape);
        else if (values.Length != t.ElementCount) ResizeBatchFor(index, t, values.Length);
        if (values.Length != t.ElementCount)
            throw new InterpreterException("InputShapeMismatch",
                $"Input '{t.Name}' of shape {Shape.Format(t.Shape)} needs {t.ElementCount} values; {values.Length} were given.", t.Name);
        if (!_main.IsPrepared) _main.Prepare();
        values.CopyTo(t.Writable<T>());
    }

    /// <summary>Copies values into the input with that name (signature name or tensor name).</summary>
    public void SetInput<T>(string name, ReadOnlySpan<T> values, ReadOnlySpan<int> shape = default) where T : unmanaged =>
        SetInput(GetInputIndex(name), values, shape);

    /// <summary>Copies values into an input (array overload for callers that cannot pass spans).</summary>
    public void SetInput<T>(int index, T[] values, int[]? shape = null) where T : unmanaged =>
        SetInput<T>(index, values.AsSpan(), shape.AsSpan());

    /// <summary>Runs the graph once.</summary>
    public void Invoke() => _main.Invoke(Options.OperatorTiming);

    /// <summary>An output's values; valid until the next call that changes the interpreter.</summary>
    /// <exception cref="InterpreterException"><c>OutputTypeMismatch</c>.</exception>
    public ReadOnlySpan<T> GetOutput<T>(int index) where T : unmanaged
    {
        var t = OutputAt(index);
        if (!ElementTypes.Matches(t.Type, ElementTypes.Of<T>()))
            throw new InterpreterException("OutputTypeMismatch", $"Output '{t.Name}' is {t.Type}, not {typeof(T).Name}.", t.Name);
        return t.AsSpan<T>();
    }

    /// <summary>A copy of an output's values.</summary>
    public T[] GetOutputArray<T>(int index) where T : unmanaged => GetOutput<T>(index).ToArray();

    /// <summary>The output's shape after the last Invoke.</summary>
    public int[] GetOutputShape(int index) => (int[])OutputAt(index).Shape.Clone();

    /// <summary>A tensor of the main subgraph by name, or null.</summary>
    public RuntimeTensor? FindTensor(string name) => _main.Tensors.FirstOrDefault(t => t.Name == name);

    /// <summary>Restores every variable tensor (LSTM/RNN states) and resource variable to its initial value.</summary>
    public void ResetState()
    {
        foreach (var s in _context.Subgraphs) s.ResetState();
        _context.Variables.Clear();
        _context.CalledOnce.Clear();
    }

    private void ResizeBatchFor(int index, RuntimeTensor t, int count)
    {
        if (t.Shape.Length == 0) return;
        int perItem = RuntimeTensor.ElementCountOf(t.Shape.AsSpan(1));
        if (perItem == 0 || count % perItem != 0 || count == 0) return;
        var shape = (int[])t.Shape.Clone();
        shape[0] = count / perItem;
        ResizeInput(index, shape);
    }

    private RuntimeTensor InputAt(int index) =>
        index >= 0 && index < _main.Inputs.Length ? _main.Inputs[index]
            : throw new InterpreterException("UnknownInput", $"Model '{Graph.Name}' has {_main.Inputs.Length} input(s); index {index} does not exist.", Graph.Name);

    private RuntimeTensor OutputAt(int index) =>
        index >= 0 && index < _main.Outputs.Length ? _main.Outputs[index]
            : throw new InterpreterException("UnknownOutput", $"Model '{Graph.Name}' has {_main.Outputs.Length} output(s); index {index} does not exist.", Graph.Name);

    private int IndexOf(string name, RuntimeTensor[] tensors, bool input)
    {
        var sig = Graph.SignatureDefs.FirstOrDefault(s => s.SubgraphIndex == 0);
        var pairs = sig is null ? null : input ? sig.Inputs : sig.Outputs;
        var byKey = pairs?.FirstOrDefault(kv => kv.Key == name).Value;
        for (int i = 0; i < tensors.Length; i++)
            if (ReferenceEquals(tensors[i].Source, byKey) || tensors[i].Name == name) return i;
        throw new InterpreterException(input ? "UnknownInput" : "UnknownOutput",
            $"Model '{Graph.Name}' has no {(input ? "input" : "output")} named '{name}'.", name);
    }
}
