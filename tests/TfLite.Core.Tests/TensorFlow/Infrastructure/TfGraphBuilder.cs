using System.Runtime.InteropServices;
using Google.Protobuf;
using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.Tests.TensorFlow.Infrastructure;

/// <summary>
/// Writes GraphDefs the way TensorFlow 1 lays them out (NodeDefs with their attributes: T, dtype, strides, padding,
/// data_format, constants in tensor_content), for tests and for the sample graphs of the demo.
/// </summary>
public sealed class TfGraphBuilder
{
    /// <summary>The graph written so far.</summary>
    public GraphDef Graph { get; } = new() { Versions = new VersionDef { Producer = 27 } };

    /// <summary>A float32 Placeholder; -1 for an unknown dimension, null shape for an unknown rank.</summary>
    public string Placeholder(string name, int[]? shape)
    {
        var attrs = new List<(string, AttrValue)> { ("dtype", Type()) };
        attrs.Add(("shape", shape is null ? new AttrValue { Shape = new TensorShapeProto { UnknownRank = true } } : ShapeAttr(shape)));
        return Op("Placeholder", name, [], [.. attrs]);
    }

    /// <summary>A float32 Const with its values in tensor_content.</summary>
    public string Const(string name, float[] values, params int[] shape)
    {
        var tensor = new TensorProto { Dtype = DataType.DtFloat, TensorShape = ShapeProto(shape), TensorContent = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        return Op("Const", name, [], ("dtype", Type()), ("value", new AttrValue { Tensor = tensor }));
    }

    /// <summary>An int32 Const with its values in int_val (as Python writes small integer constants).</summary>
    public string IntConst(string name, int[] values, params int[] shape)
    {
        var tensor = new TensorProto { Dtype = DataType.DtInt32, TensorShape = ShapeProto(shape) };
        tensor.IntVal.AddRange(values);
        return Op("Const", name, [], ("dtype", Type(DataType.DtInt32)), ("value", new AttrValue { Tensor = tensor }));
    }

    /// <summary>A scalar float Const.</summary>
    public string Scalar(string name, float value) => Const(name, [value]);

    /// <summary>A node of any op.</summary>
    public string Op(string op, string name, string[] inputs, params (string Key, AttrValue Value)[] attrs)
    {
        var node = new NodeDef { Name = name, Op = op };
        node.Input.AddRange(inputs);
        foreach (var (key, value) in attrs) node.Attr[key] = value;
        Graph.Node.Add(node);
        return name;
    }

    /// <summary>A float op with attribute T = float32 and the given extra attributes.</summary>
    public string FloatOp(string op, string name, string[] inputs, params (string Key, AttrValue Value)[] attrs) =>
        Op(op, name, inputs, [("T", Type()), .. attrs]);

    /// <summary>Conv2D of NHWC input and HWIO filter.</summary>
    public string Conv2D(string name, string input, string filter, int stride = 1, string padding = "SAME") =>
        FloatOp("Conv2D", name, [input, filter], ("strides", Ints(1, stride, stride, 1)), ("padding", Str(padding)),
            ("data_format", Str("NHWC")), ("dilations", Ints(1, 1, 1, 1)), ("use_cudnn_on_gpu", Bool(true)));

    /// <summary>BiasAdd in NHWC.</summary>
    public string BiasAdd(string name, string input, string bias) => FloatOp("BiasAdd", name, [input, bias], ("data_format", Str("NHWC")));

    /// <summary>MatMul.</summary>
    public string MatMul(string name, string a, string b, bool transposeB = false) =>
        FloatOp("MatMul", name, [a, b], ("transpose_a", Bool(false)), ("transpose_b", Bool(transposeB)));

    /// <summary>A pool (MaxPool or AvgPool) with a square window.</summary>
    public string Pool(string op, string name, string input, int size, int stride, string padding = "VALID") =>
        FloatOp(op, name, [input], ("ksize", Ints(1, size, size, 1)), ("strides", Ints(1, stride, stride, 1)), ("padding", Str(padding)), ("data_format", Str("NHWC")));

    /// <summary>FakeQuantWithMinMaxVars with frozen min/max constants under <paramref name="scope"/>, as
    /// <c>tf.contrib.quantize</c> names them.</summary>
    public string FakeQuant(string scope, string input, float min, float max, bool narrowRange = false, int numBits = 8)
    {
        Scalar($"{scope}/min", min);
        Scalar($"{scope}/max", max);
        return Op("FakeQuantWithMinMaxVars", $"{scope}/FakeQuantWithMinMaxVars", [input, $"{scope}/min", $"{scope}/max"],
            ("num_bits", new AttrValue { I = numBits }), ("narrow_range", Bool(narrowRange)));
    }

    /// <summary>The binary protobuf of the graph.</summary>
    public byte[] ToBytes() => Graph.ToByteArray();

    /// <summary>Writes the binary protobuf to <paramref name="path"/>.</summary>
    public string Write(string path)
    {
        File.WriteAllBytes(path, ToBytes());
        return path;
    }

    /// <summary>Seeded uniform values in [-scale, scale).</summary>
    public static float[] Random(int count, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale)];
    }

    /// <summary>A shape attribute value.</summary>
    public static AttrValue ShapeAttr(params int[] dims) => new() { Shape = ShapeProto(dims) };

    /// <summary>A type attribute value.</summary>
    public static AttrValue Type(DataType type = DataType.DtFloat) => new() { Type = type };

    /// <summary>A string attribute value.</summary>
    public static AttrValue Str(string value) => new() { S = ByteString.CopyFromUtf8(value) };

    /// <summary>A bool attribute value.</summary>
    public static AttrValue Bool(bool value) => new() { B = value };

    /// <summary>An int attribute value.</summary>
    public static AttrValue Int(long value) => new() { I = value };

    /// <summary>A float attribute value.</summary>
    public static AttrValue Float(float value) => new() { F = value };

    /// <summary>An int list attribute value.</summary>
    public static AttrValue Ints(params long[] values)
    {
        var list = new AttrValue.Types.ListValue();
        list.I.AddRange(values);
        return new AttrValue { List = list };
    }

    /// <summary>A shape with the given dimensions.</summary>
    public static TensorShapeProto ShapeProto(params int[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        return shape;
    }
}
