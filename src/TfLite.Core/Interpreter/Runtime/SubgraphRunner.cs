using System.Diagnostics;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Kernels;

namespace TfLite.Core.Interpreter;

/// <summary>
/// Runs one subgraph: holds its runtime tensors and nodes, prepares every node in order (shape inference), plans
/// and binds the arena, and evaluates the nodes.
/// </summary>
internal sealed class SubgraphRunner
{
    private readonly Dictionary<Tensor, RuntimeTensor> _byTensor = new(ReferenceEqualityComparer.Instance);
    private readonly IKernel?[] _kernels;
    private byte[] _arena = [];
    private bool[] _folded = [];
    private bool[] _deferred = [];
    private bool _prepared;

    public SubgraphRunner(int index, Subgraph subgraph, ExecutionContext context)
    {
        Index = index;
        Subgraph = subgraph;
        Context = context;
        Tensors = subgraph.Tensors.Select((t, i) => new RuntimeTensor(i, t)).ToArray();
        foreach (var t in Tensors) _byTensor[t.Source] = t;
        Nodes = subgraph.Operators.Select((op, i) => new OpNode(i, op,
            op.Inputs.Select(t => t is null ? null : Runtime(t)).ToArray(),
            op.Outputs.Select(Runtime).ToArray(),
            op.Intermediates.Select(Runtime).ToArray(), context)).ToArray();
        _kernels = Nodes.Select(n => KernelRegistry.Find(n.Code)).ToArray();
        Inputs = subgraph.Inputs.Select(Runtime).ToArray();
        Outputs = subgraph.Outputs.Select(Runtime).ToArray();
    }

    public int Index { get; }

    public Subgraph Subgraph { get; }

    public ExecutionContext Context { get; }

    public RuntimeTensor[] Tensors { get; }

    public OpNode[] Nodes { get; }

    public RuntimeTensor[] Inputs { get; }

    public RuntimeTensor[] Outputs { get; }

    /// <summary>The arena plan of the last Prepare.</summary>
    public MemoryPlan? Plan { get; private set; }

    /// <summary>Set when an input's shape changed, so the next Invoke prepares again.</summary>
    public void Invalidate() => _prepared = false;

    public bool IsPrepared => _prepared;

    private RuntimeTensor Runtime(Tensor t) =>
        _byTensor.TryGetValue(t, out var r) ? r
            : throw new InterpreterException("InvalidGraph", $"Tensor '{t.Name}' is used by an operator of subgraph {Index} but is not in its tensor list.", t.Name);

    /// <summary>One line per operator that has no kernel or whose types the kernel does not support.</summary>
    public IEnumerable<string> CheckSupport()
    {
        for (int i = 0; i < Nodes.Length; i++)
        {
            var node = Nodes[i];
            string? problem;
            if (_kernels[i] is not { } kernel) problem = "no kernel for this operator";
            else
            {
                try { problem = kernel.CheckSupport(node); }
                catch (InterpreterException e) { problem = e.Message; }
            }
            if (problem is not null)
                yield return $"subgraph {Index} {node.Describe()} [{TypeSignature(node)}]: {problem}";
        }
    }

    private static string TypeSignature(OpNode node) =>
        string.Join(", ", node.Inputs.Select(t => t?.Type.ToString() ?? "-")) + " -> " + string.Join(", ", node.Outputs.Select(t => t.Type.ToString()));

    /// <summary>Shape inference and per-node preparation in execution order, then arena planning and binding.</summary>
    public void Prepare()
    {
        foreach (var t in Tensors)
        {
            t.IsDynamic = false;
            t.IsPrecomputed = false;
        }
        _folded = new bool[Nodes.Length];
        _deferred = new bool[Nodes.Length];
        for (int i = 0; i < Nodes.Length; i++)
        {
            var node = Nodes[i];
            // An input whose shape is known only at run time makes this node's outputs dynamic too: it is
            // prepared just before it runs, as TFLite does for dynamic tensors.
            if (node.Inputs.Any(t => t is { IsDynamic: true }))
            {
                _deferred[i] = true;
                foreach (var o in node.Outputs) o.IsDynamic = true;
                continue;
            }
            _kernels[i]!.Prepare(node);
            // Integer shape arithmetic (SHAPE -> STRIDED_SLICE -> PACK -> RESHAPE for a dynamic batch) is computed
            // now, so that the operators it feeds know their output shapes before the arena is planned.
            if (CanFold(node))
            {
                foreach (var o in node.Outputs) { o.AllocateOwn(); o.IsPrecomputed = true; }
                _kernels[i]!.Eval(node);
                _folded[i] = true;
            }
        }
        AllocateMemory();
        _prepared = true;
    }

    private void PrepareAtRunTime(int i)
    {
        var node = Nodes[i];
        foreach (var o in node.Outputs) o.IsDynamic = true;
        _kernels[i]!.Prepare(node);
        foreach (var o in node.Outputs)
            if (o.ByteLength != o.RequiredBytes || !o.HasMemory) o.AllocateOwn();
    }

    private static bool CanFold(OpNode node)
    {
        if (node.Outputs.Any(o => o.IsDynamic || o.IsVariable || o.Type is not (TensorType.Int32 or TensorType.Int64) || o.ElementCount > 64))
            return false;
        if (node.Code == BuiltinOperator.Shape) return true;
        return node.Code is not (BuiltinOperator.VarHandle or BuiltinOperator.ReadVariable or BuiltinOperator.AssignVariable or BuiltinOperator.CallOnce)
            && node.Inputs.All(t => t is null || t.HasValue);
    }

    private void AllocateMemory()
    {
        foreach (var t in Tensors)
            if (!t.IsConstant && !t.IsDynamic && !t.IsPrecomputed && (t.IsVariable || t.Type == TensorType.Resource)) EnsurePersistent(t);
        var requests = MemoryPlanner.Requests(Subgraph, t => _byTensor[t].RequiredBytes, t => _byTensor[t] is { IsDynamic: true } or { IsPrecomputed: true });
        Plan = MemoryPlanner.Plan(requests);
        var planned = new HashSet<int>(requests.Select(r => r.Id));
        foreach (var t in Tensors)
            if (!t.IsConstant && !t.IsDynamic && !t.IsPrecomputed && !t.IsVariable && t.Type != TensorType.Resource && !planned.Contains(t.Index))
                t.AllocateOwn();
        if (Context.Options.PreserveAllTensors)
        {
            foreach (var r in requests) Tensors[r.Id].AllocateOwn();
            return;
        }
        if (_arena.Length < Plan.ArenaBytes) _arena = new byte[Plan.ArenaBytes];
        foreach (var e in Plan.Entries) Tensors[e.TensorIndex].Bind(_arena, e.Offset, e.Size);
    }

    private readonly Dictionary<RuntimeTensor, int[]> _persistentShapes = new(ReferenceEqualityComparer.Instance);

    /// <summary>Variable tensors keep their memory (and values) across Prepare unless their shape changed.</summary>
    private void EnsurePersistent(RuntimeTensor t)
    {
        if (_persistentShapes.TryGetValue(t, out var shape) && Shape.AreEqual(shape, t.Shape) && t.ByteLength == t.RequiredBytes) return;
        t.AllocateOwn();
        ResetVariable(t);
        _persistentShapes[t] = (int[])t.Shape.Clone();
    }

    private static void ResetVariable(RuntimeTensor t)
    {
        var bytes = t.WritableBytes;
        if (t.Source.Data is { } init && init.Length == bytes.Length) init.CopyTo(bytes);
        // As TFLite and TFLite Micro do, int8 states start at their zero point (the quantized zero).
        else if (t.Type == TensorType.Int8 && t.Quantization is { IsQuantized: true, ZeroPoint: [var zero, ..] }) bytes.Fill(unchecked((byte)(sbyte)zero));
        else bytes.Clear();
    }

    /// <summary>Restores every variable tensor to its initial value.</summary>
    public void ResetState()
    {
        foreach (var t in _persistentShapes.Keys)
            if (t.IsVariable) ResetVariable(t);
    }

    /// <summary>Evaluates every node in order, preparing first when needed.</summary>
    public void Invoke(OperatorTimingHandler? timing = null)
    {
        if (!_prepared) Prepare();
        for (int i = 0; i < Nodes.Length; i++)
        {
            var node = Nodes[i];
            if (_folded[i]) continue;
            long start = timing is null ? 0 : Stopwatch.GetTimestamp();
            if (_deferred[i]) PrepareAtRunTime(i);
            _kernels[i]!.Eval(node);
            if (timing is not null) timing(i, node.Code, Stopwatch.GetTimestamp() - start);
        }
    }
}
