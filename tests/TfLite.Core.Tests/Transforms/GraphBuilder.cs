using Xunit;
using TfLite.Core.Graph;

namespace TfLite.Core.Tests.Transforms;

/// <summary>Builds small graphs in code for the pass tests.</summary>
internal sealed class GraphBuilder
{
    private int _next;

    public TfLiteGraph Graph { get; } = TfLiteGraph.CreateEmpty("test");

    public Subgraph Main => Graph.Main;

    /// <summary>A float32 graph input.</summary>
    public Tensor Input(string name, params int[] shape)
    {
        var t = Main.AddTensor(new Tensor(name, TensorType.Float32, shape));
        Main.Inputs.Add(t);
        return t;
    }

    /// <summary>A float32 activation tensor (computed at run time).</summary>
    public Tensor Float(string name, params int[] shape) => Main.AddTensor(new Tensor(name, TensorType.Float32, shape));

    /// <summary>A tensor of any type computed at run time.</summary>
    public Tensor Typed(string name, TensorType type, params int[] shape) => Main.AddTensor(new Tensor(name, type, shape));

    public Tensor Constant(string name, int[] shape, params float[] values) =>
        Main.AddTensor(Tensor.Constant<float>(name, TensorType.Float32, shape, values));

    public Tensor IntConstant(string name, int[] shape, params int[] values) =>
        Main.AddTensor(Tensor.Constant<int>(name, TensorType.Int32, shape, values));

    public Tensor RandomConstant(string name, Random random, params int[] shape) =>
        Constant(name, shape, RandomValues(random, (int)Shape.ElementCount(shape)));

    public Operator Op(BuiltinOperator code, OperatorOptions? options, Tensor?[] inputs, params Tensor[] outputs) =>
        Main.AddOperator(new Operator(code, inputs, outputs, options));

    /// <summary>An operator with one new float32 output of the given shape.</summary>
    public Tensor Apply(BuiltinOperator code, OperatorOptions? options, int[] shape, params Tensor?[] inputs)
    {
        var output = Float($"t{_next++}_{code}", shape);
        Op(code, options, inputs, output);
        return output;
    }

    public void Output(Tensor t) => Main.Outputs.Add(t);

    public static float[] RandomValues(Random random, int count, float low = -1f, float high = 1f) =>
        Enumerable.Range(0, count).Select(_ => low + (float)random.NextDouble() * (high - low)).ToArray();

    /// <summary>The operator codes of the main subgraph, in order.</summary>
    public BuiltinOperator[] Codes => Main.Operators.Select(o => o.Code).ToArray();
}
