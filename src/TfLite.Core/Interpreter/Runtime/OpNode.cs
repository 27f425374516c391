using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter;

/// <summary>
/// One operator as the interpreter runs it: its runtime tensors, the kernel that computes it and whatever that
/// kernel worked out once in Prepare (requantization parameters, transposed weights, LUTs) for Eval to use.
/// </summary>
internal sealed class OpNode
{
    public OpNode(int index, Operator op, RuntimeTensor?[] inputs, RuntimeTensor[] outputs, RuntimeTensor[] intermediates, ExecutionContext context)
    {
        Index = index;
        Operator = op;
        Inputs = inputs;
        Outputs = outputs;
        Intermediates = intermediates;
        Context = context;
    }

    /// <summary>Position in the subgraph's execution order.</summary>
    public int Index { get; }

    public Operator Operator { get; }

    public BuiltinOperator Code => Operator.Code;

    public RuntimeTensor?[] Inputs { get; }

    public RuntimeTensor[] Outputs { get; }

    public RuntimeTensor[] Intermediates { get; }

    /// <summary>The run-wide settings and services (rounding, SIMD, threads, variables, subgraphs).</summary>
    public ExecutionContext Context { get; }

    /// <summary>
    /// The fixed-point rounding of the integer kernels. <see cref="RoundingMode.Xnnpack"/> rounds once, except in
    /// operators with int16 tensors: XNNPACK takes none, so LiteRT runs those in TFLite's builtin kernels, which it
    /// builds with double rounding.
    /// </summary>
    public RoundingMode Rounding => Context.Options.Rounding switch
    {
        RoundingMode.Xnnpack => HasInt16Tensor ? RoundingMode.Double : RoundingMode.Single,
        var rounding => rounding,
    };

    private bool HasInt16Tensor => Inputs.Any(t => t?.Type == TensorType.Int16) || Outputs.Any(t => t.Type == TensorType.Int16);

    /// <summary>True when 8-bit convolution-family kernels requantize in float32, as XNNPACK does.</summary>
    public bool FloatRequantization => Context.Options.Rounding == RoundingMode.Xnnpack;

    /// <summary>
    /// True when int16 kernels follow LiteRT's builtin arithmetic where it departs from TFLite Micro's (FULLY_CONNECTED,
    /// MUL, QUANTIZE; see docs/integer-arithmetic.md): only with <see cref="RoundingMode.Xnnpack"/>, the mode that
    /// reproduces LiteRT. The other modes keep TFLite Micro's arithmetic, what the model computes on a device.
    /// </summary>
    public bool LiteRtInt16Arithmetic => Context.Options.Rounding == RoundingMode.Xnnpack;

    public bool UseSimd => Context.Options.UseSimd;

    /// <summary>What Prepare computed for Eval.</summary>
    public object? State { get; set; }

    /// <summary>The kernel's state of type <typeparamref name="T"/> set in Prepare.</summary>
    public T GetState<T>() where T : class =>
        State as T ?? throw new InvalidOperationException($"{Describe()} was not prepared.");

    public int InputCount => Inputs.Length;

    /// <summary>The input at <paramref name="i"/>; throws a typed error naming the operator if it is omitted.</summary>
    public RuntimeTensor Input(int i) =>
        OptionalInput(i) ?? throw Error("MissingInput", $"{Describe()} needs input {i}.");

    /// <summary>The input at <paramref name="i"/>, or null when omitted or absent.</summary>
    public RuntimeTensor? OptionalInput(int i) => i < Inputs.Length ? Inputs[i] : null;

    public RuntimeTensor Output(int i) =>
        i < Outputs.Length ? Outputs[i] : throw Error("MissingOutput", $"{Describe()} needs output {i}.");

    /// <summary>The operator's options, or the schema defaults when the file carries none.</summary>
    public T GetOptions<T>() where T : OperatorOptions, new() => Operator.Options as T ?? new T();

    /// <summary>Fused activation of the operator, None when it has no such option.</summary>
    public ActivationFunction FusedActivation => (Operator.Options as IFusedActivationOptions)?.FusedActivation ?? ActivationFunction.None;

    /// <summary>Sets an output's shape during Prepare (memory is bound after every operator is prepared).</summary>
    public void SetOutputShape(int i, int[] shape)
    {
        var t = Output(i);
        RuntimeTensor.ElementCountOf(shape);
        t.Shape = shape;
    }

    /// <summary>Marks an output whose shape depends on values known only in Eval; Eval then calls <see cref="ResizeOutput"/>.</summary>
    public void SetOutputDynamic(int i) => Output(i).IsDynamic = true;

    /// <summary>Sets a dynamic output's shape in Eval and gives it memory.</summary>
    public void ResizeOutput(int i, int[] shape)
    {
        var t = Output(i);
        if (!t.IsDynamic && !Shape.AreEqual(t.Shape, shape))
            throw Error("ShapeMismatch", $"{Describe()}: output '{t.Name}' was planned as {Shape.Format(t.Shape)} but is {Shape.Format(shape)}.");
        if (t.IsDynamic) t.ResizeDynamic(shape);
    }

    /// <summary>"operator 3 (CONV_2D, layer 'conv1')" for messages.</summary>
    public string Describe() =>
        $"operator {Index} ({Code}{(Operator.SourceLayer is { } l ? $", layer '{l}'" : "")})";

    /// <summary>A typed error about this operator.</summary>
    public InterpreterException Error(string errorId, string message) =>
        new(errorId, message, Operator.SourceLayer ?? Outputs.FirstOrDefault()?.Name ?? Code.ToString());
}
