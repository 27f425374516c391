using Google.Protobuf;
using TfLite.Core.TensorFlow.Protos;
using ObjectReference = TfLite.Core.TensorFlow.Protos.TrackableObjectGraph.Types.TrackableObject.Types.ObjectReference;
using SerializedTensor = TfLite.Core.TensorFlow.Protos.TrackableObjectGraph.Types.TrackableObject.Types.SerializedTensor;
using TrackableObject = TfLite.Core.TensorFlow.Protos.TrackableObjectGraph.Types.TrackableObject;

namespace TfLite.Core.Tests.TensorFlow.Infrastructure;

/// <summary>
/// Writes SavedModel folders laid out as <c>tf.saved_model.save</c> (TF2) writes them: <c>saved_model.pb</c> holding one
/// MetaGraph (tags, signatures naming tensors of its graph, the function library, the SavedObjectGraph with its
/// concrete functions' <c>bound_inputs</c>) and <c>variables/variables.*</c>, a tensor bundle whose keys are object
/// paths ending in <c>/.ATTRIBUTES/VARIABLE_VALUE</c> and whose <c>_CHECKPOINTABLE_OBJECT_GRAPH</c> entry holds the
/// checkpoint's object graph. Both object graphs get the same objects under the same ids, as TensorFlow writes them.
/// Optionally a <c>keras_metadata.pb</c>, as tf.keras 2.x adds to a Keras model's SavedModel.
/// </summary>
public sealed class SavedModelWriter
{
    /// <summary>The MetaGraph (tags <c>serve</c> unless changed).</summary>
    public MetaGraphDef MetaGraph { get; } = new()
    {
        MetaInfoDef = new MetaGraphDef.Types.MetaInfoDef { Tags = { "serve" }, TensorflowVersion = "2.15.0" },
        GraphDef = new GraphDef { Versions = new VersionDef { Producer = 1645 }, Library = new FunctionDefLibrary() },
        ObjectGraphDef = new SavedObjectGraph { Nodes = { new SavedObject { UserObject = new SavedUserObject { Identifier = "_generic_user_object" } } } },
    };

    /// <summary>The checkpoint's object graph (node 0 is the root).</summary>
    public TrackableObjectGraph Checkpoint { get; } = new() { Nodes = { new TrackableObject() } };

    /// <summary>The variables bundle.</summary>
    public TensorBundleWriter Bundle { get; } = new();

    /// <summary>The Keras metadata; written when it has nodes.</summary>
    public SavedMetadata KerasMetadata { get; } = new();

    /// <summary>The MetaGraph's graph.</summary>
    public GraphDef Graph => MetaGraph.GraphDef;

    /// <summary>The object at <paramref name="path"/> (<c>a/b</c> from the root), created with its parents as
    /// user objects; its id in both object graphs.</summary>
    public int Object(string path)
    {
        var id = 0;
        foreach (var name in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            id = Child(id, name) ?? AddChild(id, name, new SavedObject { UserObject = new SavedUserObject { Identifier = "_generic_user_object" } }, new TrackableObject());
        return id;
    }

    /// <summary>Adds the variable at object path <paramref name="path"/> (its last part is its local name) with its
    /// value in the bundle, and a <c>VarHandleOp</c> node named <paramref name="handleNode"/> in the graph when given.
    /// Returns its object id.</summary>
    public int Variable(string path, float[] values, int[] shape, string? handleNode = null)
    {
        var slash = path.LastIndexOf('/');
        var parent = slash < 0 ? 0 : Object(path[..slash]);
        var key = $"{path}/.ATTRIBUTES/VARIABLE_VALUE";
        var id = AddChild(parent, path[(slash + 1)..],
            new SavedObject { Variable = new SavedVariable { Dtype = DataType.DtFloat, Shape = TfGraphBuilder.ShapeProto(shape), Trainable = true, Name = path } },
            new TrackableObject { Attributes = { new SerializedTensor { Name = "VARIABLE_VALUE", FullName = path, CheckpointKey = key } } });
        Bundle.Add(key, values, shape);
        if (handleNode is not null)
            Graph.Node.Add(new NodeDef
            {
                Name = handleNode,
                Op = "VarHandleOp",
                Attr = { ["dtype"] = TfGraphBuilder.Type(), ["shape"] = TfGraphBuilder.ShapeAttr(shape), ["shared_name"] = TfGraphBuilder.Str(handleNode), ["container"] = TfGraphBuilder.Str("") },
            });
        return id;
    }

    /// <summary>Makes object <paramref name="id"/> also the child <paramref name="name"/> of the object at
    /// <paramref name="parentPath"/>, as Keras names a layer both <c>layer_with_weights-N</c> and <c>layer-M</c>.</summary>
    public void Alias(string parentPath, string name, int id)
    {
        var parent = Object(parentPath);
        MetaGraph.ObjectGraphDef.Nodes[parent].Children.Add(new ObjectReference { NodeId = id, LocalName = name });
        Checkpoint.Nodes[parent].Children.Add(new ObjectReference { NodeId = id, LocalName = name });
    }

    /// <summary>Adds an empty function with the given input and output arguments to the library.</summary>
    public FunctionDef Function(string name, (string Name, DataType Type)[] inputs, (string Name, DataType Type)[] outputs)
    {
        var function = new FunctionDef { Signature = new OpDef { Name = name } };
        function.Signature.InputArg.AddRange(inputs.Select(a => new OpDef.Types.ArgDef { Name = a.Name, Type = a.Type }));
        function.Signature.OutputArg.AddRange(outputs.Select(a => new OpDef.Types.ArgDef { Name = a.Name, Type = a.Type }));
        Graph.Library.Function.Add(function);
        return function;
    }

    /// <summary>Records which saved objects a concrete function captures, in the order of its trailing inputs.</summary>
    public void BoundInputs(string function, params int[] objectIds) =>
        MetaGraph.ObjectGraphDef.ConcreteFunctions[function] = new SavedConcreteFunction { BoundInputs = { objectIds } };

    /// <summary>Adds a signature whose inputs and outputs (key, tensor name) are float32.</summary>
    public void Signature(string key, (string Key, string Tensor)[] inputs, (string Key, string Tensor)[] outputs)
    {
        var signature = new SignatureDef { MethodName = "tensorflow/serving/predict" };
        foreach (var (k, t) in inputs) signature.Inputs[k] = new TensorInfo { Name = t, Dtype = DataType.DtFloat };
        foreach (var (k, t) in outputs) signature.Outputs[k] = new TensorInfo { Name = t, Dtype = DataType.DtFloat };
        MetaGraph.SignatureDef[key] = signature;
    }

    /// <summary>A node of a function body; inputs use the body convention (<c>arg</c>, <c>node:output_arg:index</c>).</summary>
    public static string Node(FunctionDef function, string op, string name, string[] inputs, params (string Key, AttrValue Value)[] attrs)
    {
        var node = new NodeDef { Name = name, Op = op, Input = { inputs } };
        foreach (var (key, value) in attrs) node.Attr[key] = value;
        function.NodeDef.Add(node);
        return name;
    }

    /// <summary>A function-call attribute value (the <c>f</c> of a StatefulPartitionedCall).</summary>
    public static AttrValue Func(string name) => new() { Func = new NameAttrList { Name = name } };

    /// <summary>Writes the folder; <paramref name="alter"/> may damage bundle entries (see <see cref="TensorBundleWriter.Write"/>).</summary>
    public string Write(string directory, Action<string, BundleEntryProto>? alter = null)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "saved_model.pb"), new TfLite.Core.TensorFlow.Protos.SavedModel { SavedModelSchemaVersion = 1, MetaGraphs = { MetaGraph } }.ToByteArray());
        Bundle.AddStrings("_CHECKPOINTABLE_OBJECT_GRAPH", [Checkpoint.ToByteArray()]);
        Bundle.Write(Path.Combine(directory, "variables", "variables"), alter);
        if (KerasMetadata.Nodes.Count > 0) File.WriteAllBytes(Path.Combine(directory, "keras_metadata.pb"), KerasMetadata.ToByteArray());
        return directory;
    }

    private int? Child(int parent, string name) => Checkpoint.Nodes[parent].Children.FirstOrDefault(c => c.LocalName == name)?.NodeId;

    private int AddChild(int parent, string name, SavedObject saved, TrackableObject tracked)
    {
        var id = Checkpoint.Nodes.Count;
        MetaGraph.ObjectGraphDef.Nodes.Add(saved);
        Checkpoint.Nodes.Add(tracked);
        MetaGraph.ObjectGraphDef.Nodes[parent].Children.Add(new ObjectReference { NodeId = id, LocalName = name });
        Checkpoint.Nodes[parent].Children.Add(new ObjectReference { NodeId = id, LocalName = name });
        return id;
    }
}
