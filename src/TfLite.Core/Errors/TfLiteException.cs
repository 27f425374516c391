namespace TfLite.Core;

/// <summary>
/// Base of every error the core raises about a model. <see cref="ErrorId"/> is stable (cmdlets use it as the
/// ErrorRecord's id); <see cref="Target"/> names what is at fault: a file, a layer, a tensor or an operator.
/// </summary>
public abstract class TfLiteException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected TfLiteException(string errorId, string message, string? target, Exception? inner)
        : base(message, inner)
    {
        ErrorId = errorId;
        Target = target;
    }

    /// <summary>Stable identifier of the kind of error, e.g. <c>UnsupportedLayer</c>.</summary>
    public string ErrorId { get; }

    /// <summary>The file, layer, tensor or operator the error is about.</summary>
    public string? Target { get; }
}

/// <summary>A model file is malformed, truncated or not of the expected format.</summary>
public sealed class ModelFormatException : TfLiteException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorId">Stable id, e.g. <c>NotKerasHdf5</c>, <c>TruncatedFile</c>.</param>
    /// <param name="message">What is wrong and where (offset, group, attribute).</param>
    /// <param name="file">The file at fault.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public ModelFormatException(string errorId, string message, string? file = null, Exception? inner = null)
        : base(errorId, message, file, inner) { }
}

/// <summary>A layer (or an option of one) that the converter does not support.</summary>
public sealed class UnsupportedLayerException : TfLiteException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="layerName">The Keras layer's name.</param>
    /// <param name="className">The Keras layer's class.</param>
    /// <param name="detail">The offending option and value, or why the layer is not supported.</param>
    /// <param name="errorId">Stable id; <c>UnsupportedLayer</c> for a class, <c>UnsupportedLayerOption</c> for an option.</param>
    public UnsupportedLayerException(string layerName, string className, string detail, string errorId = "UnsupportedLayer")
        : base(errorId, $"Layer '{layerName}' ({className}): {detail}", layerName, null)
    {
        LayerName = layerName;
        ClassName = className;
    }

    /// <summary>The Keras layer's name.</summary>
    public string LayerName { get; }

    /// <summary>The Keras layer's class name.</summary>
    public string ClassName { get; }
}

/// <summary>Quantization cannot be done as asked (missing or unfit calibration data, an op without integer kernel).</summary>
public sealed class QuantizationException : TfLiteException
{
    /// <summary>Creates the exception.</summary>
    public QuantizationException(string errorId, string message, string? target = null, Exception? inner = null)
        : base(errorId, message, target, inner) { }
}

/// <summary>A graph cannot be run: an unsupported operator or type, or inputs that do not fit.</summary>
public sealed class InterpreterException : TfLiteException
{
    /// <summary>Creates the exception.</summary>
    public InterpreterException(string errorId, string message, string? target = null, Exception? inner = null)
        : base(errorId, message, target, inner) { }
}
