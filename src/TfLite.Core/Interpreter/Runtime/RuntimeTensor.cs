using System.Runtime.InteropServices;
using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter;

/// <summary>
/// A tensor as the interpreter holds it: the graph tensor it stands for, its current shape (which may differ from
/// the graph's when the batch was resized) and where its bytes live (the arena, its own buffer, or the constant data).
/// </summary>
public sealed class RuntimeTensor
{
    private static readonly int[] Scalar = [];
    private byte[] _buffer = [];
    private int _offset;

    internal RuntimeTensor(int index, Tensor source)
    {
        Index = index;
        Source = source;
        Shape = source.HasRank ? (int[])source.Shape.Clone() : Scalar;
        if (source.Data is { } data)
        {
            _buffer = data;
            ByteLength = data.Length;
        }
    }

    /// <summary>Index of the tensor in its subgraph.</summary>
    public int Index { get; }

    /// <summary>The graph tensor this one stands for.</summary>
    public Tensor Source { get; }

    /// <summary>The tensor's name.</summary>
    public string Name => Source.Name;

    /// <summary>Element type.</summary>
    public TensorType Type => Source.Type;

    /// <summary>Quantization parameters, or null.</summary>
    public QuantizationParameters? Quantization => Source.Quantization;

    /// <summary>Current shape (after shape inference for the inputs last set).</summary>
    public int[] Shape { get; internal set; }

    /// <summary>True for tensors with constant contents.</summary>
    public bool IsConstant => Source.IsConstant;

    /// <summary>True for stateful tensors that keep their values across <see cref="Interpreter.Invoke"/> calls.</summary>
    public bool IsVariable => Source.IsVariable;

    /// <summary>True when the tensor's shape is only known once its producer runs (its memory is then its own).</summary>
    public bool IsDynamic { get; internal set; }

    /// <summary>True when the values were computed during Prepare (integer shape arithmetic) and stay fixed.</summary>
    public bool IsPrecomputed { get; internal set; }

    /// <summary>True when the values are known before Eval: constants and tensors computed during Prepare.</summary>
    public bool HasValue => IsConstant || IsPrecomputed;

    /// <summary>Number of elements of <see cref="Shape"/>.</summary>
    public int ElementCount => ElementCountOf(Shape);

    /// <summary>Bytes the current shape needs.</summary>
    public int RequiredBytes => checked(ElementCount * ElementSize(Type));

    /// <summary>Number of bytes bound to the tensor.</summary>
    public int ByteLength { get; private set; }

    /// <summary>True once memory is bound to the tensor.</summary>
    public bool HasMemory => ByteLength > 0 || (RequiredBytes == 0 && _buffer is not null);

    /// <summary>The tensor's values as elements of <typeparamref name="T"/>; valid until the next Invoke (or for
    /// intermediates, until another tensor reuses the arena bytes unless <see cref="InterpreterOptions.PreserveAllTensors"/>).</summary>
    public ReadOnlySpan<T> AsSpan<T>() where T : unmanaged => MemoryMarshal.Cast<byte, T>(Bytes);

    /// <summary>A copy of the tensor's values.</summary>
    public T[] ToArray<T>() where T : unmanaged => AsSpan<T>().ToArray();

    /// <summary>The values as float: float16/float64/integers converted, quantized types dequantized with the
    /// tensor's per-tensor scale and zero point.</summary>
    public float[] ToFloatArray() => TensorConversions.ToFloat(this);

    /// <summary>The tensor's bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(_offset, ByteLength);

    internal Span<byte> WritableBytes => _buffer.AsSpan(_offset, ByteLength);

    internal Memory<byte> WritableMemory => _buffer.AsMemory(_offset, ByteLength);

    internal ReadOnlyMemory<byte> Memory => _buffer.AsMemory(_offset, ByteLength);

    internal Span<T> Writable<T>() where T : unmanaged => MemoryMarshal.Cast<byte, T>(WritableBytes);

    internal void Bind(byte[] buffer, int offset, int length)
    {
        _buffer = buffer;
        _offset = offset;
        ByteLength = length;
    }

    /// <summary>Gives the tensor memory of its own sized for its current shape (dynamic and persistent tensors).</summary>
    internal void AllocateOwn()
    {
        var bytes = RequiredBytes;
        if (_buffer.Length != bytes || _offset != 0) _buffer = new byte[bytes];
        _offset = 0;
        ByteLength = bytes;
    }

    /// <summary>Resizes a dynamic tensor during Eval and gives it memory.</summary>
    internal void ResizeDynamic(int[] shape)
    {
        Shape = shape;
        AllocateOwn();
    }

    /// <summary>Bytes per element in memory: resource handles are int32 ids; types without a size take a byte.</summary>
    internal static int ElementSize(TensorType type) => type == TensorType.Resource ? 4 : Math.Max(1, type.SizeOf());

    internal static int ElementCountOf(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new InterpreterException("InvalidShape", $"Negative dimension in shape {Graph.Shape.Format(shape)}.");
            n *= d;
            if (n > int.MaxValue) throw new InterpreterException("TensorTooLarge", $"Shape {Graph.Shape.Format(shape)} has more than {int.MaxValue} elements.");
        }
        return (int)n;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Type} {Graph.Shape.Format(Shape)}";
}
