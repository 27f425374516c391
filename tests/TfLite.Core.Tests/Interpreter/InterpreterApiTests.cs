using Xunit;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter;

namespace TfLite.Core.Tests.InterpreterTests;

using Interpreter = TfLite.Core.Interpreter.Interpreter;

/// <summary>The public Interpreter API: inputs, outputs, errors, batch resizing, timing, intermediates, state.</summary>
public sealed class InterpreterApiTests
{
    // x [-1, 3] -> FC(2 units) -> RELU -> out; weights chosen so that values are easy to check by hand.
    private static TfLiteGraph SmallMlp()
    {
        var g = TfLiteGraph.CreateEmpty("mlp");
        var m = g.Main;
        var x = m.AddTensor(new Tensor("x", TensorType.Float32, [1, 3]) { ShapeSignature = [-1, 3] });
        var w = m.AddTensor(Tensor.Constant("w", TensorType.Float32, [2, 3], new float[] { 1, 2, 3, -1, -1, -1 }.AsSpan()));
        var b = m.AddTensor(Tensor.Constant("b", TensorType.Float32, [2], new float[] { 0.5f, 0 }.AsSpan()));
        var h = m.AddTensor(new Tensor("h", TensorType.Float32, [1, 2]));
        var y = m.AddTensor(new Tensor("y", TensorType.Float32, [1, 2]));
        m.AddOperator(new Operator(BuiltinOperator.FullyConnected, [x, w, b], [h], new FullyConnectedOptions()));
        m.AddOperator(new Operator(BuiltinOperator.Relu, [h], [y]));
        m.Inputs.Add(x);
        m.Outputs.Add(y);
        return g;
    }

    [Fact]
    public void Runs_by_index_and_by_name()
    {
        var interpreter = new Interpreter(SmallMlp());
        interpreter.SetInput<float>(0, [1f, 1f, 1f]);
        interpreter.Invoke();
        Assert.Equal(new[] { 6.5f, 0f }, interpreter.GetOutputArray<float>(0));
        interpreter.SetInput<float>("x", [-1f, 0f, 0f]);
        interpreter.Invoke();
        Assert.Equal(new[] { 0f, 1f }, interpreter.GetOutput<float>(0).ToArray());
        Assert.Equal(0, interpreter.GetOutputIndex("y"));
    }

    [Fact]
    public void A_larger_batch_resizes_the_input_and_reruns_shape_inference()
    {
        var interpreter = new Interpreter(SmallMlp());
        interpreter.SetInput<float>(0, [1f, 1f, 1f, 0f, 0f, 1f, 2f, 0f, 0f]);
        interpreter.Invoke();
        Assert.Equal(new[] { 3, 2 }, interpreter.GetOutputShape(0));
        Assert.Equal(new[] { 6.5f, 0f, 3.5f, 0f, 2.5f, 0f }, interpreter.GetOutputArray<float>(0));
        interpreter.SetInput<float>(0, [0f, 0f, -1f], [1, 3]);
        interpreter.Invoke();
        Assert.Equal(new[] { 1, 2 }, interpreter.GetOutputShape(0));
        Assert.Equal(new[] { 0f, 1f }, interpreter.GetOutputArray<float>(0));
    }

    [Fact]
    public void Wrong_inputs_raise_typed_errors_naming_the_tensor()
    {
        var interpreter = new Interpreter(SmallMlp());
        var type = Assert.Throws<InterpreterException>(() => interpreter.SetInput<int>(0, [1, 2, 3]));
        Assert.Equal("InputTypeMismatch", type.ErrorId);
        Assert.Equal("x", type.Target);
        var count = Assert.Throws<InterpreterException>(() => interpreter.SetInput<float>(0, [1f, 2f]));
        Assert.Equal("InputShapeMismatch", count.ErrorId);
        Assert.Contains("'x'", count.Message);
        var shape = Assert.Throws<InterpreterException>(() => interpreter.SetInput<float>(0, [1f, 2f, 3f, 4f], [1, 4]));
        Assert.Equal("InputShapeMismatch", shape.ErrorId);
        Assert.Equal("UnknownInput", Assert.Throws<InterpreterException>(() => interpreter.SetInput<float>("nope", [1f])).ErrorId);
        Assert.Equal("OutputTypeMismatch", Assert.Throws<InterpreterException>(() => interpreter.GetOutput<int>(0).ToArray()).ErrorId);
    }

    [Fact]
    public void Unsupported_operators_are_all_listed_in_one_error()
    {
        var g = SmallMlp();
        var m = g.Main;
        var extra = m.AddTensor(new Tensor("z", TensorType.Float32, [1, 2]));
        m.AddOperator(new Operator(BuiltinOperator.Svdf, [m.Outputs[0]], [extra]));
        var q = m.AddTensor(new Tensor("q", TensorType.Int32, [1, 2]));
        m.AddOperator(new Operator(BuiltinOperator.Logistic, [q], [m.AddTensor(new Tensor("q2", TensorType.Int32, [1, 2]))]));
        var e = Assert.Throws<InterpreterException>(() => new Interpreter(g));
        Assert.Equal("UnsupportedOperator", e.ErrorId);
        Assert.Contains("Svdf", e.Message);
        Assert.Contains("Logistic", e.Message);
        Assert.Contains("operator 2", e.Message);
        Assert.Contains("operator 3", e.Message);
    }

    [Fact]
    public void Timing_hook_sees_every_operator_and_intermediates_can_be_kept()
    {
        var seen = new List<(int, BuiltinOperator, long)>();
        var interpreter = new Interpreter(SmallMlp(), new InterpreterOptions
        {
            PreserveAllTensors = true,
            OperatorTiming = (i, code, ticks) => seen.Add((i, code, ticks)),
        });
        interpreter.SetInput<float>(0, [1f, -2f, 0f]);
        interpreter.Invoke();
        Assert.Equal(new[] { (0, BuiltinOperator.FullyConnected), (1, BuiltinOperator.Relu) }, seen.Select(s => (s.Item1, s.Item2)));
        Assert.All(seen, s => Assert.True(s.Item3 >= 0));
        Assert.Equal(new[] { -2.5f, 1f }, interpreter.FindTensor("h")!.ToArray<float>());
        Assert.Equal(new[] { 0f, 1f }, interpreter.GetOutputArray<float>(0));
    }

    [Fact]
    public void Thread_count_does_not_change_results()
    {
        var x = OpGraph.Random(4 * 9 * 9 * 3, 21);
        float[] Run(int threads)
        {
            var g = new OpGraph();
            g.Op(BuiltinOperator.Conv2D, [g.Input([4, 9, 9, 3], x), g.Const([8, 3, 3, 3], OpGraph.Random(8 * 27, 22))], [g.Output()], new Conv2DOptions { Padding = Padding.Same });
            return g.Run(new InterpreterOptions { ThreadCount = threads }).GetOutputArray<float>(0);
        }
        Expect.Exactly(Run(1), Run(3));
    }

    [Fact]
    public void Memory_plan_shares_the_arena_between_tensors_whose_lifetimes_do_not_overlap()
    {
        // x -> RELU a -> RELU b -> RELU c -> y: a and c never live together with b... a dies when b is made.
        var g = TfLiteGraph.CreateEmpty("chain");
        var m = g.Main;
        Tensor T(string n) => m.AddTensor(new Tensor(n, TensorType.Float32, [1, 100]));
        var x = T("x"); var a = T("a"); var b = T("b"); var y = T("y");
        m.AddOperator(new Operator(BuiltinOperator.Relu, [x], [a]));
        m.AddOperator(new Operator(BuiltinOperator.Relu, [a], [b]));
        m.AddOperator(new Operator(BuiltinOperator.Relu, [b], [y]));
        m.Inputs.Add(x);
        m.Outputs.Add(y);
        var plan = new Interpreter(g).MemoryPlan;
        // Each tensor is 400 bytes; x lives [0,0], a [0,1], b [1,2], y [2,2]: two buffers suffice.
        Assert.Equal(800, plan.ArenaBytes);
        Assert.Equal(1600, plan.UnsharedBytes);
        var byName = plan.Entries.ToDictionary(e => e.TensorName);
        Assert.Equal((0, 1), (byName["a"].FirstOperator, byName["a"].LastOperator));
        Assert.NotEqual(byName["a"].Offset, byName["b"].Offset);
        Assert.Equal(byName["x"].Offset, byName["b"].Offset);
    }

    [Fact]
    public void Variable_tensors_persist_across_invokes_until_reset()
    {
        // state <- state + x (ADD writing into its own variable input), out = the sum.
        var g = TfLiteGraph.CreateEmpty("acc");
        var m = g.Main;
        var x = m.AddTensor(new Tensor("x", TensorType.Float32, [2]));
        var state = m.AddTensor(new Tensor("state", TensorType.Float32, [2]) { IsVariable = true });
        var y = m.AddTensor(new Tensor("y", TensorType.Float32, [2]));
        m.AddOperator(new Operator(BuiltinOperator.Add, [state, x], [y], new AddOptions()));
        m.AddOperator(new Operator(BuiltinOperator.Relu, [y], [state]));
        m.Inputs.Add(x);
        m.Outputs.Add(y);
        var interpreter = new Interpreter(g);
        interpreter.SetInput<float>(0, [1f, 2f]);
        interpreter.Invoke();
        interpreter.Invoke();
        Assert.Equal(new[] { 2f, 4f }, interpreter.GetOutputArray<float>(0));
        interpreter.ResetState();
        interpreter.Invoke();
        Assert.Equal(new[] { 1f, 2f }, interpreter.GetOutputArray<float>(0));
    }
}
