using Google.Protobuf;
using TfLite.Core.TensorFlow.Protos;

/// <summary>
/// Writes a frozen TF1 quantization-aware eval graph, laid out as <c>tf.contrib.quantize.create_eval_graph</c> and
/// <c>convert_variables_to_constants</c> leave it: FakeQuant on the weights (narrow range) and after each activation,
/// with the learned min/max frozen into constants, inside <c>quantize/</c>-style scopes:
/// input [1, 8, 8, 1] -> Conv2D 3x3 (4 filters) + BiasAdd -> Relu -> MaxPool 2x2 -> Reshape [1, 64] -> MatMul (3) +
/// BiasAdd -> logits.
/// </summary>
internal static class FakeQuantGraph
{
    public static void Write(string path)
    {
        var graph = new GraphDef { Versions = new VersionDef { Producer = 27 } };
        var random = new Random(11);
        float[] Values(int n, float scale) => [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale)];

        graph.Node.Add(Node("input", "Placeholder", [], ("dtype", Type()), ("shape", ShapeAttr(1, 8, 8, 1))));

        AddFakeQuantConst(graph, "conv/weights", Values(3 * 3 * 1 * 4, 0.5f), [3, 3, 1, 4], -0.5f, 0.5f);
        graph.Node.Add(Node("conv/Conv2D", "Conv2D", ["input", "conv/weights_quant/FakeQuantWithMinMaxVars"], ("T", Type()),
            ("strides", Ints(1, 1, 1, 1)), ("padding", Text("SAME")), ("data_format", Text("NHWC")), ("use_cudnn_on_gpu", Bool(true))));
        graph.Node.Add(Const("conv/biases", Values(4, 0.1f), [4]));
        graph.Node.Add(Node("conv/BiasAdd", "BiasAdd", ["conv/Conv2D", "conv/biases"], ("T", Type()), ("data_format", Text("NHWC"))));
        graph.Node.Add(Node("conv/Relu", "Relu", ["conv/BiasAdd"], ("T", Type())));
        AddActivationQuant(graph, "conv/act_quant", "conv/Relu", 0f, 6f);

        graph.Node.Add(Node("pool/MaxPool", "MaxPool", ["conv/act_quant/FakeQuantWithMinMaxVars"], ("T", Type()),
            ("ksize", Ints(1, 2, 2, 1)), ("strides", Ints(1, 2, 2, 1)), ("padding", Text("VALID")), ("data_format", Text("NHWC"))));
        graph.Node.Add(IntConst("flatten/shape", [1, 64]));
        graph.Node.Add(Node("flatten/Reshape", "Reshape", ["pool/MaxPool", "flatten/shape"], ("T", Type()), ("Tshape", Type(DataType.DtInt32))));

        AddFakeQuantConst(graph, "fc/weights", Values(64 * 3, 0.3f), [64, 3], -0.3f, 0.3f);
        graph.Node.Add(Node("fc/MatMul", "MatMul", ["flatten/Reshape", "fc/weights_quant/FakeQuantWithMinMaxVars"], ("T", Type()),
            ("transpose_a", Bool(false)), ("transpose_b", Bool(false))));
        graph.Node.Add(Const("fc/biases", Values(3, 0.1f), [3]));
        graph.Node.Add(Node("fc/BiasAdd", "BiasAdd", ["fc/MatMul", "fc/biases"], ("T", Type()), ("data_format", Text("NHWC"))));
        AddActivationQuant(graph, "fc/act_quant", "fc/BiasAdd", -4f, 4f);
        graph.Node.Add(Node("logits", "Identity", ["fc/act_quant/FakeQuantWithMinMaxVars"], ("T", Type())));

        File.WriteAllBytes(path, graph.ToByteArray());
    }

    private static void AddFakeQuantConst(GraphDef graph, string scope, float[] values, int[] shape, float min, float max)
    {
        graph.Node.Add(Const(scope, values, shape));
        AddFakeQuant(graph, scope.Replace("weights", "weights_quant"), scope, min, max, narrowRange: true);
    }

    private static void AddActivationQuant(GraphDef graph, string scope, string input, float min, float max) =>
        AddFakeQuant(graph, scope, input, min, max, narrowRange: false);

    private static void AddFakeQuant(GraphDef graph, string scope, string input, float min, float max, bool narrowRange)
    {
        graph.Node.Add(Const($"{scope}/min", [min], []));
        graph.Node.Add(Const($"{scope}/max", [max], []));
        graph.Node.Add(Node($"{scope}/FakeQuantWithMinMaxVars", "FakeQuantWithMinMaxVars", [input, $"{scope}/min", $"{scope}/max"],
            ("num_bits", new AttrValue { I = 8 }), ("narrow_range", Bool(narrowRange))));
    }

    private static NodeDef Const(string name, float[] values, int[] shape)
    {
        var tensor = new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(shape) };
        tensor.TensorContent = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return Node(name, "Const", [], ("dtype", Type()), ("value", new AttrValue { Tensor = tensor }));
    }

    private static NodeDef IntConst(string name, int[] values)
    {
        var tensor = new TensorProto { Dtype = DataType.DtInt32, TensorShape = Shape([values.Length]) };
        tensor.IntVal.AddRange(values);
        return Node(name, "Const", [], ("dtype", Type(DataType.DtInt32)), ("value", new AttrValue { Tensor = tensor }));
    }

    private static NodeDef Node(string name, string op, string[] inputs, params (string Key, AttrValue Value)[] attrs)
    {
        var node = new NodeDef { Name = name, Op = op };
        node.Input.AddRange(inputs);
        foreach (var (key, value) in attrs) node.Attr[key] = value;
        return node;
    }

    private static TensorShapeProto Shape(int[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        return shape;
    }

    private static AttrValue ShapeAttr(params int[] dims) => new() { Shape = Shape(dims) };
    private static AttrValue Type(DataType type = DataType.DtFloat) => new() { Type = type };
    private static AttrValue Text(string value) => new() { S = ByteString.CopyFromUtf8(value) };
    private static AttrValue Bool(bool value) => new() { B = value };

    private static AttrValue Ints(params long[] values)
    {
        var list = new AttrValue.Types.ListValue();
        list.I.AddRange(values);
        return new AttrValue { List = list };
    }
}
