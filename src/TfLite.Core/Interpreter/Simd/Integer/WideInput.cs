using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// The input elements of the uint8 and int16x8 plans, read from the tensor's bytes into int16 lanes: uint8 values
/// zero-extended (0 to 255), int16 values as they are.
/// </summary>
internal static class WideInput
{
    /// <summary>
    /// The uint8 offsets the plans take: minus zero points in [0, 255], so inputs and weights minus their zero points
    /// fit int16 and a padding tap holding the input zero point is a valid int16.
    /// </summary>
    public static bool UInt8OffsetsFit(int inputOffset, int filterOffset) =>
        inputOffset is >= -255 and <= 0 && filterOffset is >= -255 and <= 0;

    /// <summary>Bytes of one element: 1 (uint8) or 2 (int16).</summary>
    public static int ElementSize(bool bytes) => bytes ? 1 : 2;

    /// <summary>Copies <paramref name="destination"/>.Length elements starting at element <paramref name="start"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Read(ReadOnlySpan<byte> input, bool bytes, int start, Span<short> destination)
    {
        if (bytes) Widen(input.Slice(start, destination.Length), destination);
        else MemoryMarshal.Cast<byte, short>(input).Slice(start, destination.Length).CopyTo(destination);
    }

    /// <summary>Zero-extends bytes to int16, sixteen at a time.</summary>
    private static void Widen(ReadOnlySpan<byte> source, Span<short> destination)
    {
        int n = source.Length, i = 0;
        ref byte s = ref MemoryMarshal.GetReference(source);
        ref ushort d = ref Unsafe.As<short, ushort>(ref MemoryMarshal.GetReference(destination));
        if (Vector128.IsHardwareAccelerated)
            for (; i <= n - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var (lo, hi) = Vector128.Widen(Vector128.LoadUnsafe(ref s, (nuint)i));
                lo.StoreUnsafe(ref d, (nuint)i);
                hi.StoreUnsafe(ref d, (nuint)(i + Vector128<ushort>.Count));
            }
        for (; i < n; i++) Unsafe.Add(ref d, i) = Unsafe.Add(ref s, i);
    }
}
