using System.Runtime.CompilerServices;

namespace TfLite.Core.Interpreter;

/// <summary>
/// One scratch buffer per part of a split run (<see cref="RangeSplitter"/>), laid out so that no two parts' buffers
/// share a cache line. Parts run on different cores and write their buffer for every pixel; buffers allocated one
/// after another as separate small arrays end up side by side in memory, and the cores then keep taking the shared
/// lines from each other (false sharing), which made a split convolution slower than an unsplit one.
/// </summary>
internal sealed class PartBuffers<T> where T : unmanaged
{
    // More than one cache line between two parts' buffers, and more than the pair of lines an adjacent-line
    // prefetcher fetches together.
    private const int GapBytes = 128;

    private readonly T[] _all;
    private readonly int _gap, _stride;

    /// <summary>Buffers of <paramref name="length"/> elements for <paramref name="parts"/> parts.</summary>
    public PartBuffers(int parts, int length)
    {
        _gap = (GapBytes + Unsafe.SizeOf<T>() - 1) / Unsafe.SizeOf<T>();
        Length = length;
        _stride = length + _gap;
        _all = new T[_gap + Math.Max(1, parts) * _stride];
    }

    /// <summary>Elements in each part's buffer.</summary>
    public int Length { get; }

    /// <summary>The buffer of part <paramref name="part"/>.</summary>
    public Span<T> this[int part] => _all.AsSpan(_gap + part * _stride, Length);
}
