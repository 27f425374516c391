using Google.FlatBuffers;

namespace TfLite.Core.Serialization.Verification;

/// <summary>Verifies one table of a known type; the generated <c>*Verify</c> classes provide one per schema table.</summary>
internal delegate bool VerifyTableAction(FlatBufferVerifier verifier, uint tablePos);

/// <summary>Verifies the table behind a union value, choosing its type from the union's type byte.</summary>
internal delegate bool VerifyUnionAction(FlatBufferVerifier verifier, byte typeId, uint tablePos);

/// <summary>
/// Bounds-checking flatbuffer verifier driven by the generated per-table <c>*Verify</c> functions (the code
/// generator rewrites their calls from <c>Google.FlatBuffers.Verifier</c> to this class). Every offset, table,
/// vtable, vector and string is checked to lie inside the buffer and to be aligned before anything reads it, with
/// the same rules as the C++ verifier TFLite runs before loading a model. The Google.FlatBuffers 25.2.10 verifier
/// is not used: it truncates vtable positions to 16 bits (so any table beyond 32 KiB fails or is skipped), prints
/// to the console, and never compares the file identifier.
/// </summary>
internal sealed class FlatBufferVerifier
{
    private const int MaxDepth = 64;
    private const int MaxTables = 1_000_000;
    private const int OffsetSize = 4;

    private readonly ByteBuffer _buffer;
    private readonly long _length;
    private int _depth;
    private int _tables;

    /// <summary>Creates a verifier over the whole of <paramref name="buffer"/> (from position 0).</summary>
    public FlatBufferVerifier(ByteBuffer buffer)
    {
        _buffer = buffer;
        _length = buffer.Length;
    }

    /// <summary>Why verification failed, or null while it has not.</summary>
    public string? Failure { get; private set; }

    /// <summary>Byte offset at which verification failed.</summary>
    public long FailureOffset { get; private set; }

    /// <summary>True when the failure is data referenced beyond the end of the buffer (what truncation causes).</summary>
    public bool FailureIsOutOfBounds { get; private set; }

    /// <summary>Verifies the whole buffer: its file identifier, root offset and, through <paramref name="verifyRoot"/>,
    /// every table reachable from the root.</summary>
    public bool VerifyBuffer(string? identifier, bool sizePrefixed, VerifyTableAction verifyRoot)
    {
        long start = 0;
        if (sizePrefixed)
        {
            if (!InBounds(0, OffsetSize, "size prefix")) return false;
            var size = _buffer.GetUint(0);
            if (size != _length - OffsetSize) return Fail(0, $"the size prefix says {size} bytes but {_length - OffsetSize} follow");
            start = OffsetSize;
        }
        if (!InBounds(start, OffsetSize + (identifier is null ? 0 : FlatBufferConstants.FileIdentifierLength), "buffer header"))
            return false;
        if (!string.IsNullOrEmpty(identifier) && !HasIdentifier(start + OffsetSize, identifier))
            return Fail(start + OffsetSize, $"the file identifier is not \"{identifier}\"");
        var root = ReadOffset(start, "root table offset");
        return root >= 0 && verifyRoot(this, (uint)root);
    }

    /// <summary>Checks a table's header and vtable and counts it against the depth and table limits.</summary>
    public bool VerifyTableStart(uint tablePos)
    {
        _depth++;
        _tables++;
        if (_depth > MaxDepth) return Fail(tablePos, $"tables nest deeper than {MaxDepth} levels");
        if (_tables > MaxTables) return Fail(tablePos, $"the buffer holds more than {MaxTables} tables");
        if (!Scalar(tablePos, OffsetSize, "table")) return false;
        long vtable = tablePos - (long)_buffer.GetInt((int)tablePos);
        if (!Scalar(vtable, 2, "vtable")) return false;
        // The C# accessors read vtable entries as signed 16-bit values; entries they would see as negative are refused
        // so that the accessors read exactly what was verified.
        int vtableSize = _buffer.GetShort((int)vtable);
        if ((vtableSize & 1) != 0 || vtableSize < 4) return Fail(vtable, $"vtable size {vtableSize} is invalid");
        if (!InBounds(vtable, vtableSize, "vtable")) return false;
        for (var entry = 4; entry < vtableSize; entry += 2)
            if (_buffer.GetShort((int)vtable + entry) < 0)
                return Fail(vtable + entry, $"vtable entry {_buffer.GetUshort((int)vtable + entry)} is too large");
        return true;
    }

    /// <summary>Leaves a table verified by <see cref="VerifyTableStart"/>.</summary>
    public bool VerifyTableEnd(uint tablePos)
    {
        _depth--;
        return true;
    }

    /// <summary>Checks an inline scalar or struct field.</summary>
    public bool VerifyField(uint tablePos, short fieldOffset, ulong elementSize, ulong align, bool required)
    {
        var field = FieldPosition(tablePos, fieldOffset);
        if (field == 0) return !required || Fail(tablePos, $"required field {fieldOffset} is missing");
        return Aligned(field, (long)align, "field") && InBounds(field, (long)elementSize, "field");
    }

    /// <summary>Checks a string field: offset, length, bytes and terminating zero.</summary>
    public bool VerifyString(uint tablePos, short fieldOffset, bool required)
    {
        var field = FieldPosition(tablePos, fieldOffset);
        if (field == 0) return !required || Fail(tablePos, $"required string {fieldOffset} is missing");
        var target = ReadOffset(field, "string offset");
        return target >= 0 && VectorOrString(target, 1, isString: true) >= 0;
    }

    /// <summary>Checks a vector of scalars or structs.</summary>
    public bool VerifyVectorOfData(uint tablePos, short fieldOffset, ulong elementSize, bool required)
    {
        var field = FieldPosition(tablePos, fieldOffset);
        if (field == 0) return !required || Fail(tablePos, $"required vector {fieldOffset} is missing");
        var target = ReadOffset(field, "vector offset");
        return target >= 0 && VectorOrString(target, (long)elementSize, isString: false) >= 0;
    }

    /// <summary>Checks a vector of tables and every table in it.</summary>
    public bool VerifyVectorOfTables(uint tablePos, short fieldOffset, VerifyTableAction verifyTable, bool required)
    {
        var field = FieldPosition(tablePos, fieldOffset);
        if (field == 0) return !required || Fail(tablePos, $"required vector {fieldOffset} is missing");
        var vector = ReadOffset(field, "vector offset");
        if (vector < 0) return false;
        var count = VectorOrString(vector, OffsetSize, isString: false);
        if (count < 0) return false;
        for (long i = 0; i < count; i++)
        {
            var element = ReadOffset(vector + OffsetSize + i * OffsetSize, "table offset in a vector");
            if (element < 0 || !verifyTable(this, (uint)element)) return false;
        }
        return true;
    }

    /// <summary>Checks a sub-table field.</summary>
    public bool VerifyTable(uint tablePos, short fieldOffset, VerifyTableAction verifyTable, bool required)
    {
        var field = FieldPosition(tablePos, fieldOffset);
        if (field == 0) return !required || Fail(tablePos, $"required table {fieldOffset} is missing");
        var target = ReadOffset(field, "table offset");
        return target >= 0 && verifyTable(this, (uint)target);
    }

    /// <summary>Checks a union: its type byte (already checked as a field) selects how the value table is verified.
    /// Type 0 (NONE) has no value; a type without a value verifies like an absent table.</summary>
    public bool VerifyUnion(uint tablePos, short typeFieldOffset, short valueFieldOffset, VerifyUnionAction verifyUnion, bool required)
    {
        var typeField = FieldPosition(tablePos, typeFieldOffset);
        if (typeField == 0) return !required || Fail(tablePos, $"required union {valueFieldOffset} is missing");
        var type = _buffer.Get((int)typeField);
        if (type == 0) return true;
        var valueField = FieldPosition(tablePos, valueFieldOffset);
        if (valueField == 0) return true;
        var target = ReadOffset(valueField, "union value offset");
        return target >= 0 && verifyUnion(this, type, (uint)target);
    }

    // Absolute position of a field of a verified table, or 0 when the vtable does not hold it.
    private long FieldPosition(uint tablePos, short fieldOffset)
    {
        long vtable = tablePos - (long)_buffer.GetInt((int)tablePos);
        int vtableSize = _buffer.GetShort((int)vtable);
        if (fieldOffset < 0 || fieldOffset + 2 > vtableSize) return 0;
        int relative = _buffer.GetShort((int)(vtable + fieldOffset));
        return relative == 0 ? 0 : tablePos + (long)relative;
    }

    // Follows the uoffset stored at pos; returns the target position, or -1 after recording a failure.
    private long ReadOffset(long pos, string what)
    {
        if (!Scalar(pos, OffsetSize, what)) return -1;
        var offset = _buffer.GetUint((int)pos);
        if (offset == 0 || offset > int.MaxValue)
        {
            Fail(pos, $"{what} {offset} is invalid");
            return -1;
        }
        var target = pos + offset;
        return InBounds(target, 1, what) ? target : -1;
    }

    // Checks a vector (or string) header and body; returns the element count, or -1 after recording a failure.
    private long VectorOrString(long pos, long elementSize, bool isString)
    {
        var what = isString ? "string" : "vector";
        if (!Scalar(pos, OffsetSize, what)) return -1;
        long count = _buffer.GetUint((int)pos);
        if (count >= int.MaxValue / elementSize)
        {
            Fail(pos, $"{what} length {count} is invalid");
            return -1;
        }
        var bytes = OffsetSize + count * elementSize;
        if (!InBounds(pos, bytes, what)) return -1;
        if (isString)
        {
            if (!InBounds(pos + bytes, 1, "string terminator")) return -1;
            if (_buffer.Get((int)(pos + bytes)) != 0)
            {
                Fail(pos + bytes, "a string lacks its terminating zero");
                return -1;
            }
        }
        return count;
    }

    private bool Scalar(long pos, long size, string what) => Aligned(pos, size, what) && InBounds(pos, size, what);

    private bool Aligned(long pos, long align, string what) =>
        align <= 1 || (pos & (align - 1)) == 0 || Fail(pos, $"{what} at byte {pos} is not aligned to {align} bytes");

    private bool InBounds(long pos, long size, string what)
    {
        if (pos >= 0 && size >= 0 && pos <= _length - size) return true;
        FailureIsOutOfBounds |= Failure is null;
        return Fail(pos, $"{what} at byte {pos} ({size} bytes) lies beyond the end of the {_length}-byte buffer");
    }

    private bool HasIdentifier(long pos, string identifier)
    {
        for (var i = 0; i < identifier.Length; i++)
            if (_buffer.Get((int)pos + i) != (byte)identifier[i]) return false;
        return true;
    }

    // Records the first failure only: later checks fail as a consequence of it.
    private bool Fail(long pos, string message)
    {
        if (Failure is null)
        {
            Failure = message;
            FailureOffset = pos;
        }
        return false;
    }
}
