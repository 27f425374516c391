using System.Runtime.InteropServices;

namespace TfLite.Core.Graph;

/// <summary>
/// A tensor of a subgraph: an activation, a graph input/output, or a constant whose bytes are held in
/// <see cref="Data"/> (little-endian, row-major, as in a TFLite buffer).
/// </summary>
public sealed class Tensor
{
    /// <summary>Creates a tensor.</summary>
    public Tensor(string name, TensorType type, int[] shape)
    {
        Name = name;
        Type = type;
        Shape = shape;
    }

    /// <summary>The tensor's name (Keras names for converted models).</summary>
    public string Name { get; set; }

    /// <summary>Element type.</summary>
    public TensorType Type { get; set; }

    /// <summary>Static shape; a dynamic dimension is stored as 1 here and -1 in <see cref="ShapeSignature"/>.</summary>
    public int[] Shape { get; set; }

    /// <summary>Shape with -1 for unknown dimensions (e.g. the batch), or null when all are static.</summary>
    public int[]? ShapeSignature { get; set; }

    /// <summary>False only for tensors of unknown rank (TFLite's <c>has_rank</c>).</summary>
    public bool HasRank { get; set; } = true;

    /// <summary>Constant contents, or null for tensors computed at run time.
    /// Tensors that share one array instance share one buffer when written.</summary>
    public byte[]? Data
    {
        get => _data;
        set
        {
            _data = value;
            // New contents need not lie on the old grid (a folded batch norm rescales weights).
            WeightGrid = null;
        }
    }

    private byte[]? _data;

    /// <summary>
    /// The steps of the fake-quantization grid a quantization-aware graph rounded this float constant onto (one step,
    /// or one per channel of the source graph), or null. Integer quantization may use a step as a weight scale where
    /// it checks that a channel's values are exact multiples of it; it is never written to a file, and setting
    /// <see cref="Data"/> drops it, so it survives only as long as the values are the fake-quantized ones.
    /// </summary>
    public float[]? WeightGrid { get; set; }

    /// <summary>Quantization parameters, or null for a plain float/integer tensor.</summary>
    public QuantizationParameters? Quantization { get; set; }

    /// <summary>True for stateful (variable) tensors such as LSTM states.</summary>
    public bool IsVariable { get; set; }

    /// <summary>True when the tensor has constant contents.</summary>
    public bool IsConstant => Data is not null;

    /// <summary>Number of elements of the static shape.</summary>
    public long ElementCount => Graph.Shape.ElementCount(Shape);

    /// <summary>Reinterprets the constant bytes as elements of <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">The tensor has no constant data.</exception>
    public ReadOnlySpan<T> GetData<T>() where T : struct =>
        MemoryMarshal.Cast<byte, T>(Data ?? throw new InvalidOperationException($"Tensor '{Name}' has no constant data."));

    /// <summary>Sets the constant bytes from elements of <typeparamref name="T"/>.</summary>
    public void SetData<T>(ReadOnlySpan<T> values) where T : struct =>
        Data = MemoryMarshal.AsBytes(values).ToArray();

    /// <summary>Creates a constant tensor from values.</summary>
    public static Tensor Constant<T>(string name, TensorType type, int[] shape, ReadOnlySpan<T> values) where T : struct
    {
        var t = new Tensor(name, type, shape);
        t.SetData(values);
        return t;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Type} {Graph.Shape.Format(ShapeSignature ?? Shape)}";
}
