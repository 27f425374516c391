using Xunit;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter;

namespace TfLite.Core.Tests.InterpreterTests;

using Interpreter = TfLite.Core.Interpreter.Interpreter;

/// <summary>Builds one-operator graphs for kernel tests: graph inputs for the runtime values, constants for the rest.</summary>
internal sealed class OpGraph
{
    private readonly TfLiteGraph _graph = TfLiteGraph.CreateEmpty("test");
    private readonly List<(Tensor Tensor, float[]? Values)> _inputs = [];

    public Subgraph Main => _graph.Main;

    public TfLiteGraph Graph => _graph;

    /// <summary>A float graph input with values set before Invoke.</summary>
    public Tensor Input(int[] shape, float[] values, string? name = null)
    {
        var t = Main.AddTensor(new Tensor(name ?? $"in{_inputs.Count}", TensorType.Float32, shape));
        Main.Inputs.Add(t);
        _inputs.Add((t, values));
        return t;
    }

    public Tensor Const(int[] shape, float[] values, string? name = null) =>
        Main.AddTensor(Tensor.Constant(name ?? $"c{Main.Tensors.Count}", TensorType.Float32, shape, values.AsSpan()));

    public Tensor ConstInt(int[] shape, int[] values, string? name = null) =>
        Main.AddTensor(Tensor.Constant(name ?? $"c{Main.Tensors.Count}", TensorType.Int32, shape, values.AsSpan()));

    public Tensor Output(TensorType type = TensorType.Float32, string? name = null)
    {
        var t = Main.AddTensor(new Tensor(name ?? $"out{Main.Outputs.Count}", type, [1]));
        Main.Outputs.Add(t);
        return t;
    }

    public Tensor Intermediate(TensorType type = TensorType.Float32, string? name = null) =>
        Main.AddTensor(new Tensor(name ?? $"t{Main.Tensors.Count}", type, [1]));

    public Operator Op(BuiltinOperator code, Tensor?[] inputs, Tensor[] outputs, OperatorOptions? options = null) =>
        Main.AddOperator(new Operator(code, inputs, outputs, options));

    /// <summary>Runs the graph and returns the interpreter (outputs readable).</summary>
    public Interpreter Run(InterpreterOptions? options = null)
    {
        var interpreter = new Interpreter(_graph, options);
        for (int i = 0; i < _inputs.Count; i++)
            interpreter.SetInput<float>(i, _inputs[i].Values!.AsSpan(), _inputs[i].Tensor.Shape);
        interpreter.Invoke();
        return interpreter;
    }

    /// <summary>Runs with and without SIMD, asserts the two agree bit for bit, and returns output 0 and its shape.</summary>
    public (float[] Values, int[] Shape) RunBothPaths(int output = 0)
    {
        var simd = Run(new InterpreterOptions { UseSimd = true });
        var scalar = Run(new InterpreterOptions { UseSimd = false });
        var a = simd.GetOutputArray<float>(output);
        var b = scalar.GetOutputArray<float>(output);
        Assert.Equal(b.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(a[i]) == BitConverter.SingleToInt32Bits(b[i]),
                $"SIMD and scalar paths differ at {i}: {a[i]:R} vs {b[i]:R}");
        return (a, simd.GetOutputShape(output));
    }

    public static float[] Random(int count, int seed, float lo = -1f, float hi = 1f)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => lo + (float)r.NextDouble() * (hi - lo)).ToArray();
    }
}

/// <summary>Float comparisons for kernel tests.</summary>
internal static class Expect
{
    /// <summary>Exact equality (the kernels follow the reference's operation order).</summary>
    public static void Exactly(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(expected[i].Equals(actual[i]), $"index {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    /// <summary>Equality within a relative tolerance (library functions, other summation orders).</summary>
    public static void Near(float[] expected, float[] actual, double relative = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tol = relative * Math.Max(1.0, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol, $"index {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
