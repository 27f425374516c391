using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using TfLite.Core.Graph;
using TfLite.Core.Keras.Config;
using TfLite.Core.Keras.Conversion;

namespace TfLite.Core.Keras.Layers;

/// <summary>
/// Everything a <see cref="ILayerConverter"/> needs for one layer call: the layer's name, class and typed config,
/// its input tensors, its weights, and a builder that names new tensors after the layer and tags new operators with
/// it (<see cref="Operator.SourceLayer"/>). Dims are Keras dims: -1 marks an unknown dimension (the batch).
/// </summary>
public sealed class LayerContext
{
    private readonly ConversionSession _session;
    private readonly List<Tensor> _created;
    private IReadOnlyList<KerasWeight>? _weights;

    internal LayerContext(ConversionSession session, KerasLayer layer, IReadOnlyList<Tensor> inputs,
        IReadOnlyDictionary<string, IReadOnlyList<Tensor>> kwargInputs, JsonObject kwargs,
        IReadOnlyList<KerasWeight>? weights = null, List<Tensor>? created = null)
    {
        _session = session;
        Layer = layer;
        Inputs = inputs;
        KwargInputs = kwargInputs;
        Kwargs = kwargs;
        _weights = weights;
        _created = created ?? [];
    }

    /// <summary>The layer being converted.</summary>
    public KerasLayer Layer { get; }

    /// <summary>The layer's name.</summary>
    public string LayerName => Layer.Name;

    /// <summary>The layer's Keras class.</summary>
    public string ClassName => Layer.ClassName;

    /// <summary>The layer's config with typed accessors.</summary>
    public LayerConfig Config => Layer.Config;

    /// <summary>The Keras version that wrote the model (e.g. 2.10.0, 3.8.0).</summary>
    public Version KerasVersion => _session.KerasVersion;

    /// <summary>The import options, for converters that offer choices (e.g. how to lower recurrent layers).</summary>
    public KerasImportOptions Options => _session.Options;

    /// <summary>The call's positional input tensors.</summary>
    public IReadOnlyList<Tensor> Inputs { get; }

    /// <summary>Tensors passed as keyword arguments (e.g. <c>initial_state</c>), by keyword.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Tensor>> KwargInputs { get; }

    /// <summary>The call's keyword arguments as recorded.</summary>
    public JsonObject Kwargs { get; }

    /// <summary>The single input of a one-input layer.</summary>
    /// <exception cref="ModelFormatException">The call has another number of inputs.</exception>
    public Tensor Input => Inputs.Count == 1 ? Inputs[0]
        : throw new ModelFormatException("InvalidLayerInputs", $"Layer '{LayerName}' ({ClassName}) takes one input but is called with {Inputs.Count}.", LayerName);

    /// <summary>Keras dims of the single input.</summary>
    public int[] InputDims => DimsOf(Input);

    /// <summary>Dims of the single input, checked to have one of the given ranks.</summary>
    /// <exception cref="ModelFormatException"><c>InvalidLayerInputs</c>: the input has another rank.</exception>
    public int[] InputDimsOfRank(params int[] ranks)
    {
        var dims = InputDims;
        return ranks.Contains(dims.Length) ? dims
            : throw new ModelFormatException("InvalidLayerInputs",
                $"Layer '{LayerName}' ({ClassName}) expects an input of rank {string.Join(" or ", ranks)} but gets {Shape.Format(dims)}.", LayerName);
    }

    /// <summary>Dimension <paramref name="axis"/> of <paramref name="dims"/>, which must be known.</summary>
    /// <exception cref="UnsupportedLayerException">The dimension is unknown (None).</exception>
    public int KnownDim(int[] dims, int axis, string what) =>
        dims[axis] >= 0 ? dims[axis] : throw Unsupported($"the {what} dimension of input shape {Shape.Format(dims)} must be known");

    /// <summary>Tensors created for this layer call so far (the converter renames the layer's outputs among them).</summary>
    internal IReadOnlyList<Tensor> CreatedTensors => _created;

    /// <summary>The model file being converted, if any (for messages).</summary>
    internal string? SourcePath => _session.SourcePath;

    /// <summary>Operators added for this layer call so far, in graph order.</summary>
    internal IEnumerable<Operator> CreatedOperators =>
        _session.Builder.Main.Operators.Where(op => op.Outputs.Any(t => _created.Contains(t)));

    /// <summary>The operator of this layer call that writes <paramref name="tensor"/>, or null.</summary>
    internal Operator? CreatedProducerOf(Tensor tensor) => CreatedOperators.FirstOrDefault(op => op.Outputs.Contains(tensor));

    // ---------------------------------------------------------------- weights

    /// <summary>The layer's weights in Keras order, fetched on first use.</summary>
    public IReadOnlyList<KerasWeight> Weights => _weights ??= _session.WeightSource(Layer.WeightPath);

    /// <summary>Weight number <paramref name="index"/>, checked against the shape the config implies
    /// (-1 in <paramref name="expectedShape"/> matches any size).</summary>
    /// <param name="index">Position in Keras order.</param>
    /// <param name="role">What the weight is (<c>kernel</c>, <c>bias</c>, ...), for messages.</param>
    /// <param name="expectedShape">The Keras shape the config implies.</param>
    /// <exception cref="ModelFormatException"><c>WeightMismatch</c>: missing, or of another shape.</exception>
    public KerasWeight Weight(int index, string role, params int[] expectedShape)
    {
        if (index >= Weights.Count)
            throw WeightMismatch($"expects a {role} weight (#{index}) but the model stores {Weights.Count} weight(s) for it");
        var w = Weights[index];
        if (w.Shape.Length != expectedShape.Length || w.Shape.Where((d, i) => expectedShape[i] >= 0 && d != expectedShape[i]).Any())
            throw WeightMismatch($"expects {role} of shape {Shape.Format(expectedShape)} but the stored weight {w.Name ?? "#" + index} has shape {Shape.Format(w.Shape)}");
        if (w.Count != Shape.ElementCount(w.Shape))
            throw WeightMismatch($"weight {w.Name ?? "#" + index} has {w.Count} values for shape {Shape.Format(w.Shape)}");
        return w;
    }

    /// <summary>Checks that the layer stores exactly <paramref name="count"/> weights.</summary>
    /// <exception cref="ModelFormatException"><c>WeightMismatch</c>.</exception>
    public void ExpectWeightCount(int count)
    {
        if (Weights.Count != count)
            throw WeightMismatch($"expects {count} weight(s) from its config but the model stores {Weights.Count}");
    }

    private ModelFormatException WeightMismatch(string detail) =>
        new("WeightMismatch", $"Layer '{LayerName}' ({ClassName}) {detail}.", _session.SourcePath ?? LayerName);

    // ---------------------------------------------------------------- building

    /// <summary>A new run-time tensor named <c>layer/suffix</c>.</summary>
    public Tensor NewTensor(ReadOnlySpan<int> dims, string suffix, TensorType type = TensorType.Float32) =>
        Track(_session.Builder.AddTensor($"{LayerName}/{suffix}", type, dims));

    /// <summary>A new variable (state) tensor, zero at start, such as a recurrent layer's hidden state.</summary>
    public Tensor NewVariable(ReadOnlySpan<int> dims, string suffix, TensorType type = TensorType.Float32)
    {
        var t = NewTensor(dims, suffix, type);
        t.IsVariable = true;
        return t;
    }

    /// <summary>A float32 constant named <c>layer/suffix</c>.</summary>
    public Tensor Constant(float[] values, int[] shape, string suffix) =>
        Track(_session.Builder.AddConstant<float>($"{LayerName}/{suffix}", TensorType.Float32, shape, values));

    /// <summary>A float32 constant named <c>layer/suffix</c> that takes ownership of the bytes it is given (weights
    /// reordered straight into a new array), so they are not copied again.</summary>
    public Tensor OwnedConstant(byte[] data, int[] shape, string suffix) =>
        Track(_session.Builder.AddOwnedConstant($"{LayerName}/{suffix}", TensorType.Float32, shape, data));

    /// <summary>A float32 constant named <c>layer/suffix</c> holding <paramref name="weight"/> (of Keras shape
    /// <paramref name="weightShape"/>, leading 1s allowed) transposed by <paramref name="perm"/>, as
    /// <see cref="WeightLayout.TransposeToBytes"/> does. The weight is read into the session's reused buffer, whole or, when
    /// larger than <see cref="KerasImportOptions.WeightBlockValues"/>, a block of rows at a time, and transposed into
    /// place, so the only model-sized array is the constant's own.</summary>
    public Tensor TransposedConstant(KerasWeight weight, int[] weightShape, int[] perm, int[] shape, string suffix)
    {
        if (weight.Count * sizeof(float) > Array.MaxLength) throw WeightMismatch($"weight {weight.Name} holds more values than an array can");
        var data = new byte[weight.Count * sizeof(float)];
        var result = MemoryMarshal.Cast<byte, float>(data.AsSpan());
        // The stored rows run along the first axis of weightShape that is not 1 (Conv1D kernels gain a leading 1).
        var axis = Array.FindIndex(weightShape, d => d != 1);
        var rowLength = (int)weight.RowLength;
        var blockValues = Options.WeightBlockValues;
        var rowsPerBlock = axis < 0 || weight.Shape.Length == 0 || weightShape[axis] != weight.Shape[0] || weight.Count <= blockValues
            ? int.MaxValue
            : Math.Max(1, blockValues / Math.Max(1, rowLength));
        if (rowsPerBlock >= weight.Shape.FirstOrDefault(1))
        {
            var values = _session.Scratch((int)weight.Count);
            weight.CopyRowsTo(0, values);
            WeightLayout.Transpose(values, weightShape, perm, result);
        }
        else
        {
            for (var row = 0; row < weight.Shape[0]; row += rowsPerBlock)
            {
                var block = _session.Scratch(Math.Min(rowsPerBlock, weight.Shape[0] - row) * rowLength);
                weight.CopyRowsTo(row, block);
                WeightLayout.TransposeBlock(block, weightShape, perm, axis, row, result);
            }
        }
        return OwnedConstant(data, shape, suffix);
    }

    /// <summary>A float32 scalar constant (shape []), for broadcasting.</summary>
    public Tensor Scalar(float value, string suffix) => Constant([value], [], suffix);

    /// <summary>An int32 constant; a 1-D vector when <paramref name="shape"/> is null.</summary>
    public Tensor ConstantInt32(int[] values, string suffix, int[]? shape = null) =>
        Track(_session.Builder.AddConstant<int>($"{LayerName}/{suffix}", TensorType.Int32, shape ?? [values.Length], values));

    /// <summary>Adds an operator tagged with this layer.</summary>
    public Operator AddOperator(BuiltinOperator code, IEnumerable<Tensor?> inputs, IEnumerable<Tensor> outputs, OperatorOptions? options = null) =>
        _session.Builder.AddOperator(code, inputs, outputs, options, LayerName);

    /// <summary>Adds an operator with one new output tensor of <paramref name="dims"/> and returns that tensor.</summary>
    public Tensor Emit(BuiltinOperator code, IEnumerable<Tensor?> inputs, ReadOnlySpan<int> dims, OperatorOptions? options = null,
        string? suffix = null, TensorType type = TensorType.Float32)
    {
        var output = NewTensor(dims, suffix ?? OperatorSuffix(code), type);
        AddOperator(code, inputs, [output], options);
        return output;
    }

    /// <summary>An element-wise unary operator (output dims = input dims).</summary>
    public Tensor Unary(BuiltinOperator code, Tensor x, OperatorOptions? options = null, string? suffix = null) =>
        Emit(code, [x], DimsOf(x), options, suffix, x.Type);

    /// <summary>An element-wise binary operator with broadcasting; ADD/SUB/MUL/DIV get their default options.</summary>
    public Tensor Binary(BuiltinOperator code, Tensor a, Tensor b, string? suffix = null)
    {
        OperatorOptions? options = code switch
        {
            BuiltinOperator.Add => new AddOptions(),
            BuiltinOperator.Sub => new SubOptions(),
            BuiltinOperator.Mul => new MulOptions(),
            BuiltinOperator.Div => new DivOptions(),
            _ => null,
        };
        var type = code is BuiltinOperator.Greater or BuiltinOperator.GreaterEqual or BuiltinOperator.Less
            or BuiltinOperator.LessEqual or BuiltinOperator.Equal or BuiltinOperator.NotEqual ? TensorType.Bool : a.Type;
        return Emit(code, [a, b], ShapeMath.Broadcast(DimsOf(a), DimsOf(b), this), options, suffix, type);
    }

    /// <summary>Applies the activation named by the config option <paramref name="key"/> (default <c>activation</c>);
    /// returns <paramref name="x"/> itself for <c>linear</c> or a missing option.</summary>
    public Tensor ApplyActivation(Tensor x, string key = "activation") => Activations.Apply(this, x, Activations.NameOf(this, key));

    /// <summary>Keras dims of a tensor (-1 = unknown).</summary>
    public static int[] DimsOf(Tensor tensor) => GraphBuilder.DimsOf(tensor);

    // ---------------------------------------------------------------- wrappers

    /// <summary>The layer wrapped by this one (config option <paramref name="key"/>, e.g. TimeDistributed's
    /// <c>layer</c>), with this layer's weight path.</summary>
    public KerasLayer WrappedLayer(string key = "layer")
    {
        var inner = Config.GetObject(key);
        var className = inner["class_name"].AsString() ?? throw Config.Invalid(key, inner, "a layer object with a class_name");
        var config = inner["config"] as JsonObject ?? throw Config.Invalid(key, inner, "a layer object with a config");
        var name = config["name"].AsString() ?? LayerName + "_inner";
        return new KerasLayer(className, name, new LayerConfig(name, className, config), Layer.WeightPath,
            inner["module"].AsString(), inner["registered_name"].AsString(), ClassName);
    }

    /// <summary>Converts a wrapped layer on <paramref name="inputs"/>; its tensors count as this layer's.</summary>
    /// <param name="inner">The wrapped layer, e.g. from <see cref="WrappedLayer"/>.</param>
    /// <param name="inputs">Its inputs.</param>
    /// <param name="weights">Its weights; by default this layer's weights.</param>
    public IReadOnlyList<Tensor> ConvertWrapped(KerasLayer inner, IReadOnlyList<Tensor> inputs, IReadOnlyList<KerasWeight>? weights = null)
    {
        var converter = _session.Registry.Find(inner.ClassName)
            ?? throw new UnsupportedLayerException(LayerName, ClassName, $"the wrapped layer class {inner.ClassName} is not supported");
        var context = new LayerContext(_session, inner, inputs, KwargInputs, Kwargs, weights ?? Weights, _created);
        return converter.Convert(context);
    }

    // ---------------------------------------------------------------- errors

    /// <summary>An <see cref="UnsupportedLayerException"/> for this layer.</summary>
    public UnsupportedLayerException Unsupported(string detail, string errorId = "UnsupportedLayerOption") =>
        new(LayerName, ClassName, detail, errorId);

    private Tensor Track(Tensor tensor)
    {
        _created.Add(tensor);
        return tensor;
    }

    private static string OperatorSuffix(BuiltinOperator code) => code.ToString();
}
