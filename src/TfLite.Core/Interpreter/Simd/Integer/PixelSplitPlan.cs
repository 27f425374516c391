namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// A plan whose output pixels are independent: runs them all on the calling thread, or splits them into one
/// contiguous range per thread. A derived plan gives each part its own scratch, indexed by the part number.
/// </summary>
internal abstract class PixelSplitPlan : IInt8Plan, IRangeWork
{
    // The tensors of the split run in progress, for the parts (fields, not a closure, so that a run allocates nothing).
    private ReadOnlyMemory<byte> _splitInput;
    private Memory<byte> _splitOutput;

    protected PixelSplitPlan(int threads) => Threads = Math.Max(1, threads);

    /// <summary>Parts the pixels are split into; scratch is needed for each.</summary>
    protected int Threads { get; }

    /// <summary>Output pixels (batches × height × width).</summary>
    protected abstract int Pixels { get; }

    /// <summary>Checks the tensors' lengths and does what every part needs first, on the calling thread.</summary>
    protected abstract void BeforeParts(ReadOnlySpan<byte> input, Span<byte> output);

    /// <summary>Computes the pixels [start, end) with the scratch of <paramref name="part"/>.</summary>
    protected abstract void RunPixels(ReadOnlySpan<byte> input, Span<byte> output, int part, int start, int end);

    public void Run(ReadOnlyMemory<byte> input, Memory<byte> output)
    {
        BeforeParts(input.Span, output.Span);
        if (Threads == 1)
        {
            RunPixels(input.Span, output.Span, 0, 0, Pixels);
            return;
        }
        (_splitInput, _splitOutput) = (input, output);
        try { RangeSplitter.ForCurrentThread.Run(Pixels, Threads, this); }
        finally { (_splitInput, _splitOutput) = (default, default); }
    }

    void IRangeWork.Run(int part, int start, int end) => RunPixels(_splitInput.Span, _splitOutput.Span, part, start, end);
}
