using System.Text.Json.Nodes;
using TfLite.Core.TensorFlow.Protos;
using static TfLite.Core.Tests.TensorFlow.Infrastructure.SavedModelWriter;
using static TfLite.Core.Tests.TensorFlow.Infrastructure.TfGraphBuilder;

namespace TfLite.Core.Tests.TensorFlow.Infrastructure;

/// <summary>
/// Small SavedModels laid out as TensorFlow 2 and tf.keras 2.x write them, for the tests and the sample files of the
/// Pester tests: the values are seeded so a test can compute the expected outputs with the plain math.
/// </summary>
public static class SampleSavedModels
{
    /// <summary>Units of <see cref="Dense"/>.</summary>
    public const int DenseUnits = 3;

    /// <summary>Features of <see cref="Dense"/>.</summary>
    public const int DenseFeatures = 4;

    /// <summary>The kernel [4, 3] of <see cref="Dense"/>.</summary>
    public static float[] DenseKernel => Random(DenseFeatures * DenseUnits, seed: 31);

    /// <summary>The bias [3] of <see cref="Dense"/>.</summary>
    public static float[] DenseBias => Random(DenseUnits, seed: 32);

    /// <summary>
    /// A <c>tf.Module</c> holding <c>dense/kernel</c> and <c>dense/bias</c> whose <c>serving_default</c> (input
    /// <c>x</c> [None, 4], output <c>output_0</c>) runs relu(x @ kernel + bias), and whose <c>logits</c> signature
    /// (output <c>logits</c>) leaves out the relu. As <c>tf.saved_model.save</c> writes it: the signature calls a
    /// wrapper function, which calls the traced <c>__call__</c>, which reads the captured variables; a save function
    /// call that the library does not hold sits beside them.
    /// </summary>
    public static SavedModelWriter Dense()
    {
        var w = new SavedModelWriter();
        var kernel = w.Variable("dense/kernel", DenseKernel, [DenseFeatures, DenseUnits], handleNode: "dense/kernel");
        var bias = w.Variable("dense/bias", DenseBias, [DenseUnits], handleNode: "dense/bias");
        w.Graph.Node.Add(new NodeDef { Name = "serving_default_x", Op = "Placeholder", Attr = { ["dtype"] = Type(), ["shape"] = ShapeAttr(-1, DenseFeatures) } });

        AddCallFunction(w, "__inference___call___80", relu: true);
        AddCallFunction(w, "__inference_logits_81", relu: false);
        AddWrapper(w, "__inference_signature_wrapper_93", "__inference___call___80");
        AddWrapper(w, "__inference_signature_wrapper_94", "__inference_logits_81");
        foreach (var function in new[] { "__inference___call___80", "__inference_logits_81", "__inference_signature_wrapper_93", "__inference_signature_wrapper_94" })
            w.BoundInputs(function, kernel, bias);

        Call(w, "StatefulPartitionedCall", "__inference_signature_wrapper_93", ["serving_default_x", "dense/kernel", "dense/bias"]);
        Call(w, "StatefulPartitionedCall_1", "__inference_signature_wrapper_94", ["serving_default_x", "dense/kernel", "dense/bias"]);
        w.Graph.Node.Add(new NodeDef { Name = "saver_filename", Op = "Placeholder", Attr = { ["dtype"] = Type(DataType.DtString), ["shape"] = ShapeAttr() } });
        Call(w, "StatefulPartitionedCall_2", "__inference__traced_save_150", ["saver_filename", "dense/kernel", "dense/bias"]);
        w.Signature("serving_default", [("x", "serving_default_x:0")], [("output_0", "StatefulPartitionedCall:0")]);
        w.Signature("logits", [("x", "serving_default_x:0")], [("logits", "StatefulPartitionedCall_1:0")]);
        return w;
    }

    // __call__(x, kernel, bias): MatMul + AddV2 (+ Relu), reads guarded by a NoOp, result through an Identity.
    private static void AddCallFunction(SavedModelWriter w, string name, bool relu)
    {
        var f = w.Function(name, [("x", DataType.DtFloat), ("matmul_readvariableop_resource", DataType.DtResource), ("add_readvariableop_resource", DataType.DtResource)],
            [("identity", DataType.DtFloat)]);
        Node(f, "ReadVariableOp", "MatMul/ReadVariableOp", ["matmul_readvariableop_resource"], ("dtype", Type()));
        Node(f, "MatMul", "MatMul", ["x", "MatMul/ReadVariableOp:value:0"], ("T", Type()), ("transpose_a", Bool(false)), ("transpose_b", Bool(false)));
        Node(f, "ReadVariableOp", "add/ReadVariableOp", ["add_readvariableop_resource"], ("dtype", Type()));
        Node(f, "AddV2", "add", ["MatMul:product:0", "add/ReadVariableOp:value:0"], ("T", Type()));
        var result = "add:z:0";
        if (relu) result = Node(f, "Relu", "Relu", [result], ("T", Type())) + ":activations:0";
        Node(f, "NoOp", "NoOp", ["^MatMul/ReadVariableOp", "^add/ReadVariableOp"]);
        Node(f, "Identity", "Identity", [result, "^NoOp"], ("T", Type()));
        f.Ret["identity"] = "Identity:output:0";
    }

    private static void AddWrapper(SavedModelWriter w, string name, string callee)
    {
        var f = w.Function(name, [("x", DataType.DtFloat), ("unknown", DataType.DtResource), ("unknown_0", DataType.DtResource)], [("identity", DataType.DtFloat)]);
        Node(f, "StatefulPartitionedCall", "StatefulPartitionedCall", ["x", "unknown", "unknown_0"], ("f", Func(callee)));
        Node(f, "Identity", "Identity", ["StatefulPartitionedCall:output:0", "^StatefulPartitionedCall"], ("T", Type()));
        f.Ret["identity"] = "Identity:output:0";
    }

    private static void Call(SavedModelWriter w, string name, string function, string[] inputs) =>
        w.Graph.Node.Add(new NodeDef { Name = name, Op = "StatefulPartitionedCall", Input = { inputs }, Attr = { ["f"] = Func(function) } });

    /// <summary>The image shape [1, 5, 5, 2] of <see cref="Conv"/>.</summary>
    public static readonly int[] ConvImage = [1, 5, 5, 2];

    /// <summary>The filter [3, 3, 2, 3] of <see cref="Conv"/>.</summary>
    public static float[] ConvKernel => Random(3 * 3 * 2 * 3, seed: 33);

    /// <summary>The bias [3] of <see cref="Conv"/>.</summary>
    public static float[] ConvBias => Random(3, seed: 34);

    /// <summary>
    /// A SavedModel whose <c>serving_default</c> (input <c>images</c> [1, 5, 5, 2]) returns <c>output_0</c> =
    /// relu(conv2d(images, kernel, SAME) + bias) and <c>output_1</c> = the same before the relu. The traced function
    /// calls a nested <c>PartitionedCall</c> for the relu and returns both through an IdentityN. Its graph passes the
    /// captured variables in as resource Placeholders instead of VarHandleOp nodes.
    /// </summary>
    public static SavedModelWriter Conv()
    {
        var w = new SavedModelWriter();
        var kernel = w.Variable("model/conv/kernel", ConvKernel, [3, 3, 2, 3]);
        var bias = w.Variable("model/conv/bias", ConvBias, [3]);
        w.Graph.Node.Add(new NodeDef { Name = "serving_default_images", Op = "Placeholder", Attr = { ["dtype"] = Type(), ["shape"] = ShapeAttr(ConvImage) } });
        foreach (var name in new[] { "unknown", "unknown_0" })
            w.Graph.Node.Add(new NodeDef { Name = name, Op = "Placeholder", Attr = { ["dtype"] = Type(DataType.DtResource), ["shape"] = ShapeAttr() } });

        var activation = w.Function("__inference_activation_7", [("features", DataType.DtFloat)], [("activations", DataType.DtFloat)]);
        Node(activation, "Relu", "Relu", ["features"], ("T", Type()));
        activation.Ret["activations"] = "Relu:activations:0";

        var call = w.Function("__inference_call_40", [("inputs", DataType.DtFloat), ("conv2d_readvariableop_resource", DataType.DtResource), ("biasadd_readvariableop_resource", DataType.DtResource)],
            [("identity", DataType.DtFloat), ("identity_1", DataType.DtFloat)]);
        Node(call, "ReadVariableOp", "Conv2D/ReadVariableOp", ["conv2d_readvariableop_resource"], ("dtype", Type()));
        Node(call, "Conv2D", "Conv2D", ["inputs", "Conv2D/ReadVariableOp:value:0"], ("T", Type()), ("strides", Ints(1, 1, 1, 1)), ("padding", Str("SAME")),
            ("data_format", Str("NHWC")), ("dilations", Ints(1, 1, 1, 1)), ("use_cudnn_on_gpu", Bool(true)));
        Node(call, "ReadVariableOp", "BiasAdd/ReadVariableOp", ["biasadd_readvariableop_resource"], ("dtype", Type()));
        Node(call, "BiasAdd", "BiasAdd", ["Conv2D:output:0", "BiasAdd/ReadVariableOp:value:0"], ("T", Type()), ("data_format", Str("NHWC")));
        Node(call, "PartitionedCall", "PartitionedCall", ["BiasAdd:output:0"], ("f", Func("__inference_activation_7")));
        Node(call, "StopGradient", "StopGradient", ["BiasAdd:output:0"], ("T", Type()));
        Node(call, "IdentityN", "IdentityN", ["PartitionedCall:output:0", "StopGradient:output:0"]);
        call.Ret["identity"] = "IdentityN:output:0";
        call.Ret["identity_1"] = "IdentityN:output:1";

        var wrapper = w.Function("__inference_signature_wrapper_60", [("images", DataType.DtFloat), ("unknown", DataType.DtResource), ("unknown_0", DataType.DtResource)],
            [("identity", DataType.DtFloat), ("identity_1", DataType.DtFloat)]);
        Node(wrapper, "StatefulPartitionedCall", "StatefulPartitionedCall", ["images", "unknown", "unknown_0"], ("f", Func("__inference_call_40")));
        Node(wrapper, "Identity", "Identity", ["StatefulPartitionedCall:output:0"], ("T", Type()));
        Node(wrapper, "Identity", "Identity_1", ["StatefulPartitionedCall:output:1"], ("T", Type()));
        wrapper.Ret["identity"] = "Identity:output:0";
        wrapper.Ret["identity_1"] = "Identity_1:output:0";
        w.BoundInputs("__inference_signature_wrapper_60", kernel, bias);

        Call(w, "StatefulPartitionedCall", "__inference_signature_wrapper_60", ["serving_default_images", "unknown", "unknown_0"]);
        w.Signature("serving_default", [("images", "serving_default_images:0")], [("output_0", "StatefulPartitionedCall:0"), ("output_1", "StatefulPartitionedCall:1")]);
        return w;
    }

    /// <summary>The layers of <see cref="KerasSequential"/>: input [6, 6, 1] -> Conv2D(2, 3x3, relu, valid) -> Flatten
    /// -> Dense(3, softmax), as tf.keras 2.x writes its config.</summary>
    public static string KerasSequentialConfig()
    {
        var layers = new JsonArray
        {
            KerasLayer("InputLayer", new JsonObject { ["batch_input_shape"] = new JsonArray(null, 6, 6, 1), ["dtype"] = "float32", ["sparse"] = false, ["ragged"] = false, ["name"] = "conv2d_input" }),
            KerasLayer("Conv2D", new JsonObject
            {
                ["name"] = "conv2d", ["trainable"] = true, ["dtype"] = "float32", ["batch_input_shape"] = new JsonArray(null, 6, 6, 1), ["filters"] = 2,
                ["kernel_size"] = new JsonArray(3, 3), ["strides"] = new JsonArray(1, 1), ["padding"] = "valid", ["data_format"] = "channels_last",
                ["dilation_rate"] = new JsonArray(1, 1), ["groups"] = 1, ["activation"] = "relu", ["use_bias"] = true,
                ["kernel_initializer"] = new JsonObject { ["class_name"] = "GlorotUniform", ["config"] = new JsonObject { ["seed"] = null } },
                ["bias_initializer"] = new JsonObject { ["class_name"] = "Zeros", ["config"] = new JsonObject() },
                ["kernel_regularizer"] = null, ["bias_regularizer"] = null, ["activity_regularizer"] = null, ["kernel_constraint"] = null, ["bias_constraint"] = null,
            }),
            KerasLayer("Flatten", new JsonObject { ["name"] = "flatten", ["trainable"] = true, ["dtype"] = "float32", ["data_format"] = "channels_last" }),
            KerasLayer("Dense", new JsonObject
            {
                ["name"] = "dense", ["trainable"] = true, ["dtype"] = "float32", ["units"] = 3, ["activation"] = "softmax", ["use_bias"] = true,
                ["kernel_initializer"] = new JsonObject { ["class_name"] = "GlorotUniform", ["config"] = new JsonObject { ["seed"] = null } },
                ["bias_initializer"] = new JsonObject { ["class_name"] = "Zeros", ["config"] = new JsonObject() },
                ["kernel_regularizer"] = null, ["bias_regularizer"] = null, ["activity_regularizer"] = null, ["kernel_constraint"] = null, ["bias_constraint"] = null,
            }),
        };
        return KerasLayer("Sequential", new JsonObject { ["name"] = "sequential", ["layers"] = layers }).ToJsonString();
    }

    /// <summary>The weights of <see cref="KerasSequential"/> by layer name, in Keras order.</summary>
    public static Dictionary<string, (string Name, int[] Shape, float[] Values)[]> KerasSequentialWeights() => new()
    {
        ["conv2d"] = [("kernel", [3, 3, 1, 2], Random(18, seed: 41)), ("bias", [2], Random(2, seed: 42))],
        ["dense"] = [("kernel", [32, 3], Random(96, seed: 43)), ("bias", [3], Random(3, seed: 44))],
    };

    /// <summary>
    /// What <c>model.save(folder)</c> of tf.keras 2.x writes for <see cref="KerasSequentialConfig"/>:
    /// <c>keras_metadata.pb</c> (the root's metadata with <c>model_config</c>, tuples written as <c>__tuple__</c>
    /// objects, one entry per layer by object path, a metric under <c>keras_api</c>) and the variables under <c>layer_with_weights-N</c>, which <c>layer-N</c> also
    /// names, beside a <c>keras_api</c> child that holds none.
    /// </summary>
    public static SavedModelWriter KerasSequential()
    {
        var w = new SavedModelWriter();
        var config = Tuples(JsonNode.Parse(KerasSequentialConfig())!);
        var weights = KerasSequentialWeights();
        var layerObjects = new[] { ("conv2d", "Conv2D"), ("flatten", "Flatten"), ("dense", "Dense") };
        var withWeights = 0;
        for (var i = 0; i < layerObjects.Length; i++)
        {
            var (name, className) = layerObjects[i];
            var path = weights.TryGetValue(name, out var values) ? $"layer_with_weights-{withWeights++}" : $"layer-{i}";
            var id = w.Object(path);
            w.Object($"{path}/keras_api");
            foreach (var (weight, shape, data) in values ?? [])
                w.Variable($"{path}/{weight}", data, shape);
            if (path != $"layer-{i}") w.Alias("", $"layer-{i}", id);
            var layerConfig = config["config"]!["layers"]![i + 1]!["config"]!.DeepClone();
            w.KerasMetadata.Nodes.Add(new KerasSavedObject
            {
                NodeId = id, NodePath = $"root.{path}", Identifier = "_tf_keras_layer",
                Metadata = new JsonObject { ["name"] = name, ["trainable"] = true, ["class_name"] = className, ["config"] = layerConfig, ["shared_object_id"] = id }.ToJsonString(),
            });
        }
        var metric = w.Object("keras_api/metrics/0");
        w.KerasMetadata.Nodes.Insert(0, new KerasSavedObject
        {
            NodeId = 0, NodePath = "root", Identifier = "_tf_keras_sequential",
            Metadata = new JsonObject
            {
                ["name"] = "sequential", ["trainable"] = true, ["expects_training_arg"] = true, ["dtype"] = "float32", ["batch_input_shape"] = null,
                ["must_restore_from_config"] = false, ["class_name"] = "Sequential", ["config"] = config["config"]!.DeepClone(),
                ["is_graph_network"] = true, ["keras_version"] = "2.13.1", ["backend"] = "tensorflow", ["model_config"] = config.DeepClone(),
            }.ToJsonString(),
        });
        w.KerasMetadata.Nodes.Add(new KerasSavedObject
        {
            NodeId = metric, NodePath = "root.keras_api.metrics.0", Identifier = "_tf_keras_metric",
            Metadata = new JsonObject { ["class_name"] = "Mean", ["name"] = "loss", ["dtype"] = "float32" }.ToJsonString(),
        });
        return w;
    }

    // keras_metadata.pb writes Python tuples (shapes, kernel sizes, strides) as {"class_name": "__tuple__", "items": [...]}.
    private static JsonNode Tuples(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is JsonArray items && key is "batch_input_shape" or "kernel_size" or "strides" or "dilation_rate")
                        obj[key] = new JsonObject { ["class_name"] = "__tuple__", ["items"] = items.DeepClone() };
                    else if (obj[key] is { } child) Tuples(child);
                }
                break;
            case JsonArray array:
                foreach (var item in array) if (item is not null) Tuples(item);
                break;
        }
        return node;
    }

    private static JsonObject KerasLayer(string className, JsonObject config) => new() { ["class_name"] = className, ["config"] = config };
}
