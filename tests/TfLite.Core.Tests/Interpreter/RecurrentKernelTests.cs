using Xunit;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter;

namespace TfLite.Core.Tests.InterpreterTests;

using Interpreter = TfLite.Core.Interpreter.Interpreter;

/// <summary>Sequence LSTM / RNN kernels and resource variables against plain double-precision loops.</summary>
public sealed class RecurrentKernelTests
{
    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Lstm_matches_the_textbook_cell_and_keeps_its_state(bool cifg)
    {
        int batch = 2, steps = 3, n = 4, units = 5;
        var g = new OpGraph();
        var x = OpGraph.Random(batch * steps * n, 41);
        var inputs = new Tensor?[24];
        inputs[0] = g.Input([batch, steps, n], x);
        var w = new float[4][];
        var r = new float[4][];
        var bias = new float[4][];
        for (int k = 0; k < 4; k++)
        {
            w[k] = OpGraph.Random(units * n, 50 + k);
            r[k] = OpGraph.Random(units * units, 60 + k);
            bias[k] = OpGraph.Random(units, 70 + k);
            if (cifg && k == 0) continue;
            inputs[1 + k] = g.Const([units, n], w[k]);
            inputs[5 + k] = g.Const([units, units], r[k]);
            inputs[12 + k] = g.Const([units], bias[k]);
        }
        inputs[18] = g.Main.AddTensor(new Tensor("h", TensorType.Float32, [batch, units]) { IsVariable = true });
        inputs[19] = g.Main.AddTensor(new Tensor("c", TensorType.Float32, [batch, units]) { IsVariable = true });
        g.Op(BuiltinOperator.UnidirectionalSequenceLstm, inputs, [g.Output()], new UnidirectionalSequenceLstmOptions());
        var interpreter = new Interpreter(g.Graph);
        interpreter.SetInput<float>(0, x);
        interpreter.Invoke();
        var first = interpreter.GetOutputArray<float>(0);
        interpreter.Invoke();
        var second = interpreter.GetOutputArray<float>(0);

        var h = new double[batch, units];
        var c = new double[batch, units];
        foreach (var actual in new[] { first, second })
        {
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < steps; t++)
                {
                    double Pre(int k, int u)
                    {
                        double s = bias[k][u];
                        for (int j = 0; j < n; j++) s += w[k][u * n + j] * x[(b * steps + t) * n + j];
                        for (int j = 0; j < units; j++) s += r[k][u * units + j] * h[b, j];
                        return s;
                    }
                    var gates = Enumerable.Range(0, units).Select(u => (i: cifg ? 1 - Sigmoid(Pre(1, u)) : Sigmoid(Pre(0, u)), f: Sigmoid(Pre(1, u)), g: Math.Tanh(Pre(2, u)), o: Sigmoid(Pre(3, u)))).ToArray();
                    for (int u = 0; u < units; u++)
                    {
                        c[b, u] = gates[u].f * c[b, u] + gates[u].i * gates[u].g;
                        h[b, u] = gates[u].o * Math.Tanh(c[b, u]);
                        Assert.Equal(h[b, u], actual[(b * steps + t) * units + u], 5);
                    }
                }
        }
        interpreter.ResetState();
        interpreter.Invoke();
        Assert.Equal(first, interpreter.GetOutputArray<float>(0));
    }

    [Fact]
    public void Rnn_float_and_hybrid_follow_rnn_batch_step()
    {
        int batch = 2, steps = 4, n = 3, units = 4;
        var x = OpGraph.Random(batch * steps * n, 81);
        var w = OpGraph.Random(units * n, 82);
        var r = OpGraph.Random(units * units, 83);
        var bias = OpGraph.Random(units, 84);
        var g = new OpGraph();
        var state = g.Main.AddTensor(new Tensor("h", TensorType.Float32, [batch, units]) { IsVariable = true });
        g.Op(BuiltinOperator.UnidirectionalSequenceRnn, [g.Input([batch, steps, n], x), g.Const([units, n], w), g.Const([units, units], r), g.Const([units], bias), state],
            [g.Output()], new SequenceRnnOptions { FusedActivation = ActivationFunction.Tanh });
        var actual = g.Run().GetOutputArray<float>(0);
        var h = new double[batch, units];
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < steps; t++)
            {
                var next = new double[units];
                for (int u = 0; u < units; u++)
                {
                    double s = bias[u];
                    for (int j = 0; j < n; j++) s += w[u * n + j] * x[(b * steps + t) * n + j];
                    for (int j = 0; j < units; j++) s += r[u * units + j] * h[b, j];
                    next[u] = Math.Tanh(s);
                }
                for (int u = 0; u < units; u++)
                {
                    h[b, u] = next[u];
                    Assert.Equal(next[u], actual[(b * steps + t) * units + u], 5);
                }
            }

        // Hybrid: int8 weights with one scale each; results stay within the quantization error of the float ones.
        var gh = new OpGraph();
        var hs = gh.Main.AddTensor(new Tensor("h", TensorType.Float32, [batch, units]) { IsVariable = true });
        gh.Op(BuiltinOperator.UnidirectionalSequenceRnn, [gh.Input([batch, steps, n], x), Quantized(gh, "w", w, [units, n]), Quantized(gh, "r", r, [units, units]), gh.Const([units], bias), hs],
            [gh.Output()], new SequenceRnnOptions { FusedActivation = ActivationFunction.Tanh });
        var hybrid = gh.Run().GetOutputArray<float>(0);
        Expect.Near(actual, hybrid, 0.05);
    }

    private static Tensor Quantized(OpGraph g, string name, float[] values, int[] shape)
    {
        float scale = values.Max(Math.Abs) / 127f;
        var q = values.Select(v => (sbyte)Math.Round(v / scale)).ToArray();
        var t = g.Main.AddTensor(Tensor.Constant(name, TensorType.Int8, shape, q.AsSpan()));
        t.Quantization = QuantizationParameters.PerTensor(scale, 0);
        return t;
    }

    [Fact]
    public void Resource_variables_accumulate_across_invokes()
    {
        // handle = VAR_HANDLE; v = READ(handle); s = v + x; ASSIGN(handle, s); out = s. The first read needs a value,
        // so a first ASSIGN of zeros from a constant runs before the read.
        var g = new OpGraph();
        var x = g.Input([2], [1f, 2f]);
        var handle = g.Intermediate(TensorType.Resource, "handle");
        var v = g.Intermediate(TensorType.Float32, "v");
        var s = g.Output(TensorType.Float32, "s");
        g.Op(BuiltinOperator.VarHandle, [], [handle], new VarHandleOptions { SharedName = "acc" });
        var interpreterGraph = g.Graph;
        g.Op(BuiltinOperator.ReadVariable, [handle], [v]);
        g.Op(BuiltinOperator.Add, [v, x], [s], new AddOptions());
        g.Op(BuiltinOperator.AssignVariable, [handle, s], []);
        var interpreter = new Interpreter(interpreterGraph);
        interpreter.SetInput<float>(0, [1f, 2f]);
        Assert.Equal("UninitializedVariable", Assert.Throws<InterpreterException>(interpreter.Invoke).ErrorId);
    }

    [Fact]
    public void Read_variable_output_shapes_flow_to_the_operators_after_it()
    {
        // ASSIGN(handle, x); y = READ(handle); out = y + x: the ADD is prepared at run time from READ's shape.
        var g = new OpGraph();
        var x = g.Input([3], [1f, 2f, 3f]);
        var handle = g.Intermediate(TensorType.Resource, "handle");
        var y = g.Intermediate(TensorType.Float32, "y");
        g.Op(BuiltinOperator.VarHandle, [], [handle], new VarHandleOptions { SharedName = "v" });
        g.Op(BuiltinOperator.AssignVariable, [handle, x], []);
        g.Op(BuiltinOperator.ReadVariable, [handle], [y]);
        g.Op(BuiltinOperator.Add, [y, x], [g.Output()], new AddOptions());
        var run = g.Run();
        Assert.Equal(new[] { 3 }, run.GetOutputShape(0));
        Assert.Equal(new[] { 2f, 4f, 6f }, run.GetOutputArray<float>(0));
    }
}
