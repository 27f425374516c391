namespace TfLite.Core.Inference;

/// <summary>Stable ids of the <see cref="InterpreterException"/>s raised while binding inputs and running a model
/// (the interpreter's own ids, plus <see cref="MissingInput"/>).</summary>
public static class InferenceErrorIds
{
    /// <summary>The model has operators (or operator/type combinations) without a kernel; the message lists all.</summary>
    public const string UnsupportedOperator = "UnsupportedOperator";

    /// <summary>Values whose shape does not fit the input (only the batch and dynamic dimensions may change).</summary>
    public const string InputShapeMismatch = "InputShapeMismatch";

    /// <summary>Values that cannot be converted to the input's element type (text, fractions for an integer
    /// input, more values than the model has inputs...).</summary>
    public const string InputTypeMismatch = "InputTypeMismatch";

    /// <summary>A name that is neither an input's signature name nor its tensor name, or more arrays than inputs.</summary>
    public const string UnknownInput = "UnknownInput";

    /// <summary>An input of the model that was given no values.</summary>
    public const string MissingInput = "MissingInput";
}
