using TfLite.Core.TensorFlow.Conversion;
using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.TensorFlow.SavedModel;

/// <summary>
/// Turns the call nodes of a graph (<c>StatefulPartitionedCall</c>, <c>PartitionedCall</c> with attribute <c>f</c>, or a
/// node whose op is a library function) into the nodes of the called functions, recursively, so that the graph
/// converter sees one flat GraphDef. Each inlined node is named <c>callNode/bodyNode</c>; the call node itself becomes
/// an <c>IdentityN</c> of the function's results, so tensors such as <c>StatefulPartitionedCall:0</c> keep their
/// meaning. Body references (<c>arg</c>, <c>node:output_arg:index</c>) become GraphDef references (<c>node:k</c>);
/// Identity, IdentityN, StopGradient and NoOp nodes of a body vanish, as do control inputs.
/// </summary>
public sealed class FunctionInliner
{
    private const int MaxDepth = 64;
    private const int MaxNodes = 1_000_000;
    private static readonly HashSet<string> CallOps = new(StringComparer.Ordinal) { "StatefulPartitionedCall", "PartitionedCall" };

    private readonly Dictionary<string, FunctionDef> _functions = new(StringComparer.Ordinal);
    private readonly string? _sourcePath;
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);
    private readonly List<NodeDef> _emitted = [];

    /// <summary>Creates an inliner over the functions of <paramref name="library"/>.</summary>
    /// <param name="library">The graph's function library; null for none.</param>
    /// <param name="sourcePath">The file the graph came from, for messages.</param>
    public FunctionInliner(FunctionDefLibrary? library, string? sourcePath)
    {
        _sourcePath = sourcePath;
        foreach (var function in library?.Function ?? [])
            if (function.Signature is { Name.Length: > 0 } signature) _functions[signature.Name] = function;
    }

    /// <summary>The name of the function <paramref name="node"/> calls; null when it is no call.</summary>
    public string? CalledFunction(NodeDef node) =>
        CallOps.Contains(node.Op) ? (node.Attr.TryGetValue("f", out var f) && f.Func is { } func ? func.Name : null)
        : _functions.ContainsKey(node.Op) ? node.Op : null;

    /// <summary>A copy of <paramref name="graph"/> in which the call nodes that <paramref name="outputNodes"/> depend on
    /// are replaced by the bodies of the functions they call.</summary>
    /// <exception cref="ModelFormatException">A called function is missing, calls itself, nests too deeply, or is called
    /// with the wrong number of inputs, or a body reads a tensor it does not define
    /// (<see cref="TfErrorIds.SavedModelMalformed"/>).</exception>
    public GraphDef Inline(GraphDef graph, IEnumerable<string> outputNodes)
    {
        var needed = Reachable(graph, outputNodes);
        var result = new GraphDef { Versions = graph.Versions };
        foreach (var node in graph.Node)
        {
            if (!needed.Contains(node.Name) || CalledFunction(node) is not { } function)
            {
                result.Node.Add(node);
                continue;
            }
            var inputs = node.Input.Where(i => !i.StartsWith('^')).ToList();
            var outputs = Instantiate(function, inputs, node.Name, 0);
            result.Node.Add(new NodeDef { Name = node.Name, Op = "IdentityN", Input = { outputs } });
        }
        result.Node.AddRange(_emitted);
        _emitted.Clear();
        return result;
    }

    private IReadOnlyList<string> Instantiate(string function, IReadOnlyList<string> inputs, string callNode, int depth)
    {
        if (!_functions.TryGetValue(function, out var definition))
            throw Malformed($"Node '{callNode}' calls function '{function}', which the function library does not have.", callNode);
        if (_active.Contains(function) || depth > MaxDepth)
            throw Malformed($"Function '{function}' (called by '{callNode}') calls itself or nests more than {MaxDepth} calls deep; recursion is not converted.", callNode);
        var signature = definition.Signature;
        if (signature.InputArg.Count != inputs.Count)
            throw Malformed($"Node '{callNode}' passes {inputs.Count} input(s) to function '{function}', which takes {signature.InputArg.Count}.", callNode);
        _active.Add(function);
        try
        {
            return new Instance(this, definition, inputs, callNode, depth).Run();
        }
        finally
        {
            _active.Remove(function);
        }
    }

    private static HashSet<string> Reachable(GraphDef graph, IEnumerable<string> outputNodes)
    {
        var nodes = new Dictionary<string, NodeDef>(StringComparer.Ordinal);
        foreach (var node in graph.Node) nodes.TryAdd(node.Name, node);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(outputNodes);
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!seen.Add(name) || !nodes.TryGetValue(name, out var node)) continue;
            foreach (var input in NodeSelection.DataInputs(node)) pending.Push(input);
        }
        return seen;
    }

    private ModelFormatException Malformed(string message, string where) =>
        new(TfErrorIds.SavedModelMalformed, $"{message} ('{_sourcePath}')", where);

    /// <summary>One call of one function: maps its body's references to tensors of the flat graph.</summary>
    private sealed class Instance(FunctionInliner owner, FunctionDef definition, IReadOnlyList<string> inputs, string prefix, int depth)
    {
        private readonly Dictionary<string, NodeDef> _body = BodyNodes(owner, definition, prefix);
        private readonly Dictionary<string, IReadOnlyList<string>> _callResults = new(StringComparer.Ordinal);
        private readonly HashSet<string> _calling = new(StringComparer.Ordinal);
        private string Name => definition.Signature.Name;

        public IReadOnlyList<string> Run()
        {
            foreach (var node in definition.NodeDef)
            {
                if (node.Op is "Identity" or "IdentityN" or "StopGradient" or "NoOp") continue;
                if (owner.CalledFunction(node) is not null)
                {
                    CallResults(node);
                    continue;
                }
                var copy = node.Clone();
                copy.Name = $"{prefix}/{node.Name}";
                copy.Device = "";
                copy.Input.Clear();
                copy.Input.AddRange(node.Input.Where(i => !i.StartsWith('^')).Select(Resolve));
                owner._emitted.Add(copy);
                if (owner._emitted.Count > MaxNodes)
                    throw owner.Malformed($"Inlining the functions called by '{prefix}' makes more than {MaxNodes} nodes.", prefix);
            }
            return [.. definition.Signature.OutputArg.Select(arg => definition.Ret.TryGetValue(arg.Name, out var ret)
                ? Resolve(ret)
                : throw owner.Malformed($"Function '{Name}' does not say which tensor its output '{arg.Name}' returns.", prefix))];
        }

        private static Dictionary<string, NodeDef> BodyNodes(FunctionInliner owner, FunctionDef definition, string prefix)
        {
            var nodes = new Dictionary<string, NodeDef>(StringComparer.Ordinal);
            foreach (var node in definition.NodeDef)
                if (!nodes.TryAdd(node.Name, node))
                    throw owner.Malformed($"Function '{definition.Signature.Name}' has two nodes named '{node.Name}'.", prefix);
            return nodes;
        }

        /// <summary>The flat-graph tensor that body reference <paramref name="reference"/> stands for, looking
        /// through the nodes that vanish.</summary>
        private string Resolve(string reference)
        {
            var current = reference;
            for (var hops = 0; hops <= _body.Count; hops++)
            {
                var parts = current.Split(':');
                if (parts.Length == 1 && IndexOfArg(parts[0]) is { } arg) return inputs[arg];
                if (!_body.TryGetValue(parts[0], out var node) || parts.Length > 3
                    || !int.TryParse(parts.Length == 1 ? "0" : parts[^1], out var index) || index < 0)
                    throw owner.Malformed($"Function '{Name}' reads '{current}', which it does not define.", prefix);
                var flat = FlatIndex(node, parts.Length == 3 ? parts[1] : null, index)
                    ?? throw owner.Malformed($"Function '{Name}' reads '{current}', but {node.Op} has no output '{parts[1]}'.", prefix);
                var dataInputs = node.Input.Where(i => !i.StartsWith('^')).ToList();
                switch (node.Op)
                {
                    case "Identity" or "StopGradient" when dataInputs.Count > 0:
                        current = dataInputs[0];
                        continue;
                    case "IdentityN" when flat < dataInputs.Count:
                        current = dataInputs[flat];
                        continue;
                    case "Identity" or "StopGradient" or "IdentityN" or "NoOp":
                        throw owner.Malformed($"Function '{Name}' reads '{current}', which {node.Op} '{node.Name}' does not produce.", prefix);
                }
                if (owner.CalledFunction(node) is not null)
                {
                    var results = CallResults(node);
                    return flat < results.Count ? results[flat]
                        : throw owner.Malformed($"Function '{Name}' reads '{current}', but that call returns {results.Count} output(s).", prefix);
                }
                return flat == 0 ? $"{prefix}/{node.Name}" : $"{prefix}/{node.Name}:{flat}";
            }
            throw owner.Malformed($"Function '{Name}' passes '{reference}' around a cycle of identities.", prefix);
        }

        private int? IndexOfArg(string name)
        {
            var args = definition.Signature.InputArg;
            for (var i = 0; i < args.Count; i++)
                if (args[i].Name == name) return i;
            return null;
        }

        private int? FlatIndex(NodeDef node, string? argName, int index)
        {
            if (argName is null || CallOps.Contains(node.Op)) return index;
            if (owner._functions.TryGetValue(node.Op, out var called))
            {
                var position = called.Signature.OutputArg.Select(a => a.Name).ToList().IndexOf(argName);
                return position < 0 ? null : position + index;
            }
            return OpOutputArgs.Start(node.Op, argName) + index;
        }

        private IReadOnlyList<string> CallResults(NodeDef node)
        {
            if (_callResults.TryGetValue(node.Name, out var done)) return done;
            if (!_calling.Add(node.Name))
                throw owner.Malformed($"Call '{node.Name}' in function '{Name}' reads its own results.", prefix);
            var callInputs = node.Input.Where(i => !i.StartsWith('^')).Select(Resolve).ToList();
            var results = owner.Instantiate(owner.CalledFunction(node)!, callInputs, $"{prefix}/{node.Name}", depth + 1);
            _callResults[node.Name] = results;
            return results;
        }
    }
}
