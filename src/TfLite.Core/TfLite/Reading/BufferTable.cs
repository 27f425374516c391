using TfLite.Core.Serialization.Options;
using Fb = TfLite.Core.Serialization.Schema;

namespace TfLite.Core.Serialization.Reading;

/// <summary>The model's buffers, each copied out of the file once, so that the tensors sharing a buffer share one
/// array.</summary>
internal sealed class BufferTable(byte[] file, Fb.Model model, ReadBudget budget)
{
    private readonly Dictionary<uint, byte[]?> _read = [];

    /// <summary>The contents of buffer <paramref name="index"/>, or null when it is empty.</summary>
    /// <exception cref="SchemaMappingException">No such buffer, or its data lies beyond the end of the file.</exception>
    public byte[]? Get(uint index)
    {
        if (_read.TryGetValue(index, out var known)) return known;
        if (index >= model.BuffersLength)
            throw SchemaMappingException.Invalid($"buffer index {index} is out of range: the model has {model.BuffersLength} buffers");
        var data = Read(model.Buffers((int)index)!.Value, index);
        _read[index] = data;
        return data;
    }

    private byte[]? Read(Fb.Buffer buffer, uint index)
    {
        // Models over 2 GB keep their constants after the flatbuffer: offset (> 1) and size locate them in the file.
        if (buffer.Offset > 1)
        {
            var data = ExternalData.Copy(file, buffer.Offset, buffer.Size, $"buffer {index}", budget);
            return data.Length == 0 ? null : data;
        }
        if (buffer.DataLength == 0) return null;
        budget.Charge(buffer.DataLength);
        return buffer.GetDataArray();
    }
}
