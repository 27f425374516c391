using TfLite.Core.Serialization.Options;

namespace TfLite.Core.Serialization.Reading;

/// <summary>
/// Caps what reading one file may allocate. A valid file is read once, so the graph stays within a small multiple
/// of the file's size; a crafted file whose tables all point at one large vector would make each reference a new
/// copy, and is stopped here instead of exhausting memory.
/// </summary>
internal sealed class ReadBudget(long fileLength)
{
    private const int FactorOfFileLength = 16;
    private const long Allowance = 1 << 20;

    private readonly long _limit = FactorOfFileLength * fileLength + Allowance;
    private long _used;

    /// <summary>Charges an allocation of about <paramref name="bytes"/> bytes.</summary>
    /// <exception cref="SchemaMappingException">The file refers to its data far more often than a model does.</exception>
    public void Charge(long bytes)
    {
        _used += bytes;
        if (_used > _limit)
            throw SchemaMappingException.Invalid(
                $"reading it would allocate more than {_limit} bytes: its tables refer to the same data over and over");
    }
}
