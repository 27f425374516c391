using System.Buffers.Binary;
using Google.Protobuf;
using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.Tests.TensorFlow.RealFiles;

/// <summary>
/// Evaluates a frozen GraphDef in float64 with TensorFlow's documented op math written out plainly: the truth for a
/// TensorFlow-written graph that has no TensorFlow <c>.tflite</c> beside it. It parses the protobuf with the generated
/// message classes only and reads constants itself, so nothing of the importer under test takes part. It knows the
/// ops of the fully connected graphs in <c>tests/data/tf</c> (rank-2 activations) and throws for any other.
/// A text GraphDef (<c>.pbtxt</c>) has no reader outside the project, so its weights come through the project's
/// <see cref="TextFormatParser"/>: for such a file this truth holds the conversion and the runtime, while the
/// parser itself is held to the text format by its unit tests.
/// </summary>
internal sealed class GraphDefReference
{
    private readonly Dictionary<string, NodeDef> _nodes;

    private GraphDefReference(GraphDef graph) => _nodes = graph.Node.ToDictionary(n => n.Name);

    /// <summary>Reads a binary GraphDef file, or a text one (<c>.pbtxt</c>).</summary>
    public static GraphDefReference Load(string path) => new(path.EndsWith(".pbtxt", StringComparison.Ordinal)
        ? ReadText(path)
        : GraphDef.Parser.ParseFrom(File.ReadAllBytes(path)));

    /// <summary>A text GraphDef file as <c>tf.io.write_graph(..., as_text=True)</c> writes it.</summary>
    public static GraphDef ReadText(string path) => TextFormatParser.Parse<GraphDef>(File.ReadAllText(path), path);

    /// <summary>Evaluates <paramref name="output"/> for one batch fed to the Placeholder <paramref name="input"/>.</summary>
    /// <param name="input">Placeholder name.</param>
    /// <param name="batch">Input rows (batch × features).</param>
    /// <param name="output">Name of the node whose first output is wanted.</param>
    public double[,] Evaluate(string input, double[,] batch, string output)
    {
        var values = new Dictionary<string, double[,]> { [input] = batch };
        return Eval(output, values);
    }

    private double[,] Eval(string name, Dictionary<string, double[,]> values)
    {
        name = name.TrimStart('^');
        if (name.EndsWith(":0", StringComparison.Ordinal)) name = name[..^2];
        if (values.TryGetValue(name, out var known)) return known;
        var node = _nodes[name];
        double[,] In(int i) => Eval(node.Input[i], values);
        var result = node.Op switch
        {
            "Const" => Constant(node.Attr["value"].Tensor),
            "Identity" => In(0),
            "Reshape" => Flatten(In(0), In(1)),
            "MatMul" => MatMul(In(0), In(1), node.Attr["transpose_a"].B, node.Attr["transpose_b"].B),
            "BiasAdd" or "Add" or "AddV2" => Broadcast(In(0), In(1), (a, b) => a + b),
            "Mul" => Broadcast(In(0), In(1), (a, b) => a * b),
            "Relu" => Map(In(0), x => Math.Max(0, x)),
            "Sigmoid" => Map(In(0), x => 1 / (1 + Math.Exp(-x))),
            _ => throw new NotSupportedException($"The reference does not evaluate {node.Op} ({node.Name})."),
        };
        values[name] = result;
        return result;
    }

    /// <summary>A float constant as a matrix: scalars as 1×1, vectors as one row.</summary>
    private static double[,] Constant(TensorProto t)
    {
        // Int32 constants are shapes (of Reshape).
        var isFloat = t.Dtype == DataType.DtFloat;
        if (!isFloat && t.Dtype != DataType.DtInt32) throw new NotSupportedException($"Constant of type {t.Dtype}.");
        var dims = t.TensorShape.Dim.Select(d => (int)d.Size).ToArray();
        var count = dims.Aggregate(1, (a, d) => a * d);
        var flat = new double[count];
        if (!t.TensorContent.IsEmpty)
        {
            var bytes = t.TensorContent.Span;
            for (var i = 0; i < count; i++)
                flat[i] = isFloat ? BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]) : BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 * i)..]);
        }
        else
        {
            // TensorFlow repeats the last listed value to fill the shape.
            for (var i = 0; i < count; i++)
                flat[i] = isFloat ? t.FloatVal[Math.Min(i, t.FloatVal.Count - 1)] : t.IntVal[Math.Min(i, t.IntVal.Count - 1)];
        }
        var (rows, cols) = dims.Length switch
        {
            0 => (1, 1),
            1 => (1, dims[0]),
            2 => (dims[0], dims[1]),
            _ => throw new NotSupportedException($"Constant of rank {dims.Length}."),
        };
        var m = new double[rows, cols];
        for (var i = 0; i < count; i++) m[i / cols, i % cols] = flat[i];
        return m;
    }

    /// <summary>A Reshape to [-1, n] of rows that already hold n values each (a Flatten: the rows here are the
    /// samples' values in row-major order), the only Reshape of the fully connected graphs.</summary>
    private static double[,] Flatten(double[,] x, double[,] shape)
    {
        if (shape.Length != 2 || shape[0, 0] != -1 || shape[0, 1] != x.GetLength(1))
            throw new NotSupportedException($"Reshape of [{x.GetLength(0)},{x.GetLength(1)}] to other than [-1, {x.GetLength(1)}].");
        return x;
    }

    private static double[,] MatMul(double[,] a, double[,] b, bool transposeA, bool transposeB)
    {
        if (transposeA) a = Transpose(a);
        if (transposeB) b = Transpose(b);
        int n = a.GetLength(0), k = a.GetLength(1), u = b.GetLength(1);
        if (b.GetLength(0) != k) throw new InvalidOperationException($"MatMul of [{n},{k}] by [{b.GetLength(0)},{u}].");
        var y = new double[n, u];
        for (var r = 0; r < n; r++)
            for (var c = 0; c < u; c++)
            {
                double s = 0;
                for (var i = 0; i < k; i++) s += a[r, i] * b[i, c];
                y[r, c] = s;
            }
        return y;
    }

    private static double[,] Transpose(double[,] a)
    {
        var t = new double[a.GetLength(1), a.GetLength(0)];
        for (var r = 0; r < a.GetLength(0); r++)
            for (var c = 0; c < a.GetLength(1); c++) t[c, r] = a[r, c];
        return t;
    }

    /// <summary>Elementwise with NumPy broadcasting of a row vector or a scalar (either side).</summary>
    private static double[,] Broadcast(double[,] a, double[,] b, Func<double, double, double> f)
    {
        int rows = Math.Max(a.GetLength(0), b.GetLength(0)), cols = Math.Max(a.GetLength(1), b.GetLength(1));
        var y = new double[rows, cols];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
                y[r, c] = f(a[r % a.GetLength(0), c % a.GetLength(1)], b[r % b.GetLength(0), c % b.GetLength(1)]);
        return y;
    }

    private static double[,] Map(double[,] a, Func<double, double> f)
    {
        var y = new double[a.GetLength(0), a.GetLength(1)];
        for (var r = 0; r < a.GetLength(0); r++)
            for (var c = 0; c < a.GetLength(1); c++) y[r, c] = f(a[r, c]);
        return y;
    }
}
