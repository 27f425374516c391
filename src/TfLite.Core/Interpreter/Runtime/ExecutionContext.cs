using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter;

/// <summary>What every operator of one interpreter shares: the options, the resource variables and the subgraphs
/// that control-flow operators call.</summary>
internal sealed class ExecutionContext
{
    private readonly List<SubgraphRunner> _subgraphs = [];

    public ExecutionContext(InterpreterOptions options)
    {
        Options = options;
    }

    public InterpreterOptions Options { get; }

    /// <summary>Resource variables (VAR_HANDLE / READ_VARIABLE / ASSIGN_VARIABLE), kept across Invoke calls.</summary>
    public ResourceVariables Variables { get; } = new();

    /// <summary>Subgraph indices whose CALL_ONCE has already run.</summary>
    public HashSet<int> CalledOnce { get; } = [];

    public IReadOnlyList<SubgraphRunner> Subgraphs => _subgraphs;

    internal void AddSubgraph(SubgraphRunner runner) => _subgraphs.Add(runner);

    /// <summary>The runner of subgraph <paramref name="index"/>, or a typed error naming the calling operator.</summary>
    public SubgraphRunner Subgraph(int index, OpNode caller) =>
        index >= 0 && index < _subgraphs.Count ? _subgraphs[index]
            : throw caller.Error("InvalidSubgraphIndex", $"{caller.Describe()} calls subgraph {index}, but the model has {_subgraphs.Count}.");

    /// <summary>Splits <paramref name="rows"/> over <see cref="InterpreterOptions.ThreadCount"/> threads: each part
    /// calls <paramref name="body"/> with the node and a contiguous [start, end) range of rows.</summary>
    public void ForRows(OpNode node, int rows, RowBody body)
    {
        int threads = Math.Min(Options.ThreadCount, rows);
        // Also the way out of a nested call, which would otherwise overwrite the work of the call in progress.
        if (threads <= 1 || _rowWork.Body is not null)
        {
            body(node, 0, rows);
            return;
        }
        (_rowWork.Node, _rowWork.Body) = (node, body);
        try { RangeSplitter.ForCurrentThread.Run(rows, threads, _rowWork); }
        finally { (_rowWork.Node, _rowWork.Body) = (null, null); }
    }

    private readonly RowWork _rowWork = new();

    /// <summary>The node and body of the row split in progress, kept in one reused object so that a split allocates nothing.</summary>
    private sealed class RowWork : IRangeWork
    {
        public OpNode? Node;
        public RowBody? Body;

        public void Run(int part, int start, int end) => Body!(Node!, start, end);
    }
}

/// <summary>Computes rows [start, end) of a node's output. Kernels pass static methods that read everything from the
/// node, so that no closure is allocated per Eval.</summary>
internal delegate void RowBody(OpNode node, int start, int end);

/// <summary>Resource variables by handle, as TFLite's resource map keeps them.</summary>
internal sealed class ResourceVariables
{
    private readonly Dictionary<string, int> _handles = [];
    private readonly Dictionary<int, (TensorType Type, int[] Shape, byte[] Data)> _values = [];

    /// <summary>The handle id of a (container, shared name) pair, created on first use.</summary>
    public int Handle(string? container, string? sharedName)
    {
        var key = (container ?? "") + "\u0000" + (sharedName ?? "");
        if (!_handles.TryGetValue(key, out var id)) _handles[key] = id = _handles.Count;
        return id;
    }

    public bool TryRead(int handle, out (TensorType Type, int[] Shape, byte[] Data) value) => _values.TryGetValue(handle, out value);

    public void Assign(int handle, TensorType type, int[] shape, ReadOnlySpan<byte> data) =>
        _values[handle] = (type, (int[])shape.Clone(), data.ToArray());

    public void Clear() => _values.Clear();
}
