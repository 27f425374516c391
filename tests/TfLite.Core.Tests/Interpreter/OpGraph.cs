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

    /// <summary>Runs with and without SIMD for kernels whose vector path may round differently (FMA): returns the
    /// scalar path's output 0 (TFLite's reference order, for exact checks) after asserting that the SIMD path lies
    /// within <paramref name="tolerance"/>[i] of it at every index.</summary>
    public (float[] Values, int[] Shape) RunBothPathsWithin(float[] tolerance, int output = 0)
    {
        var simd = Run(new InterpreterOptions { UseSimd = true }).GetOutputArray<float>(output);
        var scalarRun = Run(new InterpreterOptions { UseSimd = false });
        var scalar = scalarRun.GetOutputArray<float>(output);
        Expect.Within(scalar, simd, tolerance);
        return (scalar, scalarRun.GetOutputShape(output));
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

    /// <summary>|expected[i] - actual[i]| &lt;= tolerance[i] at every index.</summary>
    public static void Within(float[] expected, float[] actual, float[] tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs((double)expected[i] - actual[i]) <= tolerance[i],
                $"index {i}: expected {expected[i]:R}, got {actual[i]:R}, allowed difference {tolerance[i]:R}");
    }

    /// <summary>
    /// How far two float evaluations of one sum of <paramref name="terms"/> products may lie apart when both add
    /// the same terms in the same order but one fuses each multiply-add (one rounding instead of two): each is
    /// within γ(n) · Σ|x·w| of the exact sum (γ(n) = n·u/(1 − n·u), u = 2^-24, Higham's bound for recursive
    /// summation with rounded products), so they lie within 2·γ(n) · Σ|x·w| of each other. The bound is relative to
    /// the magnitude Σ|x·w| (+ |bias|), not to the result, since terms may cancel. A clamp does not widen it.
    /// </summary>
    public static float[] AccumulationTolerance(float[] magnitudes, int terms)
    {
        double u = Math.Pow(2, -24), gamma = terms * u / (1 - terms * u);
        return magnitudes.Select(m => (float)(2 * gamma * m)).ToArray();
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
