using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Google.FlatBuffers;
using TfLite.Core.Graph;
using Fb = TfLite.Core.Serialization.Schema;

namespace TfLite.Core.Serialization.Writing;

/// <summary>
/// Writes each distinct scalar vector, string and quantization table once and hands out the same offset for every
/// later copy. FlatBuffers lets any number of tables point at one object, so the file means the same while a model's
/// repeated shapes, per-channel zero points (all zero), activation scales and names are stored a single time.
/// </summary>
internal sealed class SharedObjects(FlatBufferBuilder builder)
{
    private readonly Dictionary<(Type, string), int> _vectors = [];
    private readonly Dictionary<(int, int, int, int, int), int> _quantizations = [];

    /// <summary>The offset of a vector with these elements, written on first use.</summary>
    public VectorOffset Vector<T>(T[] values) where T : unmanaged
    {
        var key = (typeof(T), Convert.ToBase64String(MemoryMarshal.AsBytes(values.AsSpan())));
        if (!_vectors.TryGetValue(key, out var offset))
        {
            var size = Unsafe.SizeOf<T>();
            builder.StartVector(size, values.Length, size);
            builder.Add(values);
            _vectors[key] = offset = builder.EndVector().Value;
        }
        return new VectorOffset(offset);
    }

    /// <summary>The offset of a string with this text, written on first use.</summary>
    public StringOffset String(string text) => builder.CreateSharedString(text);

    /// <summary>The offset of a quantization table with these parameters, written on first use.</summary>
    public Offset<Fb.QuantizationParameters> Quantization(QuantizationParameters q)
    {
        var min = q.Min is null ? default : Vector(q.Min);
        var max = q.Max is null ? default : Vector(q.Max);
        var scale = q.Scale.Length == 0 ? default : Vector(q.Scale);
        var zeroPoint = q.ZeroPoint.Length == 0 ? default : Vector(q.ZeroPoint);
        var key = (min.Value, max.Value, scale.Value, zeroPoint.Value, q.QuantizedDimension);
        if (!_quantizations.TryGetValue(key, out var offset))
            _quantizations[key] = offset = Fb.QuantizationParameters.CreateQuantizationParameters(builder, min, max, scale,
                zeroPoint, quantized_dimension: q.QuantizedDimension).Value;
        return new Offset<Fb.QuantizationParameters>(offset);
    }
}
