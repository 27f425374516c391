using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>Accumulates one block of channels of a depthwise window, a tap at a time: (input + offset) * weight.</summary>
internal interface IDepthwiseTaps
{
    /// <summary>Adds the products of the input at <paramref name="x"/> + <paramref name="inputOffset"/> and the
    /// weights at <paramref name="w"/> + <paramref name="weightOffset"/>.</summary>
    void Add(ref sbyte x, int inputOffset, ref short w, int weightOffset);

    /// <summary>Stores the block's int32 sums at <paramref name="sums"/>.</summary>
    void Store(ref int sums);
}

/// <summary>
/// The walk over a depthwise window's valid taps with running input and weight offsets (no multiplications per tap)
/// and three-tap filter rows unrolled, the common 3x3 case. Generic over the accumulator so that each block width
/// gets its own compiled loop with the sums in registers.
/// </summary>
internal static class DepthwiseTapWalk
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Walk<T>(ref T taps, ref sbyte x, ref short w, int input, int weight, int rows, int columns,
        int rowStep, int columnStep, int weightRowStep, int channels) where T : struct, IDepthwiseTaps
    {
        for (int fy = 0; fy < rows; fy++, input += rowStep, weight += weightRowStep)
        {
            if (columns == 3)
            {
                taps.Add(ref x, input, ref w, weight);
                taps.Add(ref x, input + columnStep, ref w, weight + channels);
                taps.Add(ref x, input + 2 * columnStep, ref w, weight + 2 * channels);
                continue;
            }
            for (int fx = 0, xi = input, wi = weight; fx < columns; fx++, xi += columnStep, wi += channels)
                taps.Add(ref x, xi, ref w, wi);
        }
    }
}

/// <summary>Sixteen channels: int16 products (exact: |input + offset| &lt;= 255, |weight| &lt;= 128) widened to two
/// Vector256 of int32.</summary>
internal struct SixteenTaps256(short inputOffset) : IDepthwiseTaps
{
    private readonly Vector256<short> _offset = Vector256.Create(inputOffset);
    private Vector256<int> _lo, _hi;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ref sbyte x, int inputOffset, ref short w, int weightOffset)
    {
        var bytes = Vector128.LoadUnsafe(ref Unsafe.Add(ref x, inputOffset));
        Vector256<short> xs;
        if (Avx2.IsSupported) xs = Avx2.ConvertToVector256Int16(bytes);
        else
        {
            var (l, h) = Vector128.Widen(bytes);
            xs = Vector256.Create(l, h);
        }
        var (pl, ph) = Vector256.Widen((xs + _offset) * Vector256.LoadUnsafe(ref Unsafe.Add(ref w, weightOffset)));
        _lo += pl;
        _hi += ph;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref int sums)
    {
        _lo.StoreUnsafe(ref sums);
        _hi.StoreUnsafe(ref sums, (nuint)Vector256<int>.Count);
    }
}

/// <summary>Eight channels in one Vector256 of int32 (needs AVX2): the int16 product widened once.</summary>
internal struct EightTaps256(short inputOffset) : IDepthwiseTaps
{
    private readonly Vector128<short> _offset = Vector128.Create(inputOffset);
    private Vector256<int> _sum;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ref sbyte x, int inputOffset, ref short w, int weightOffset)
    {
        var xs = Int16Products.WidenEight(ref Unsafe.Add(ref x, inputOffset));
        _sum += Avx2.ConvertToVector256Int32((xs + _offset) * Vector128.LoadUnsafe(ref Unsafe.Add(ref w, weightOffset)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref int sums) => _sum.StoreUnsafe(ref sums);
}

/// <summary>Eight channels in two Vector128 of int32.</summary>
internal struct EightTaps128(short inputOffset) : IDepthwiseTaps
{
    private readonly Vector128<short> _offset = Vector128.Create(inputOffset);
    private Vector128<int> _lo, _hi;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ref sbyte x, int inputOffset, ref short w, int weightOffset)
    {
        var xs = Int16Products.WidenEight(ref Unsafe.Add(ref x, inputOffset));
        var (pl, ph) = Vector128.Widen((xs + _offset) * Vector128.LoadUnsafe(ref Unsafe.Add(ref w, weightOffset)));
        _lo += pl;
        _hi += ph;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref int sums)
    {
        _lo.StoreUnsafe(ref sums);
        _hi.StoreUnsafe(ref sums, (nuint)Vector128<int>.Count);
    }
}

/// <summary>One channel, plain int32 arithmetic (wrapping as TFLite's accumulators).</summary>
internal struct OneTap(int inputOffset) : IDepthwiseTaps
{
    private int _sum;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ref sbyte x, int inputOffset1, ref short w, int weightOffset) =>
        _sum = unchecked(_sum + (Unsafe.Add(ref x, inputOffset1) + inputOffset) * Unsafe.Add(ref w, weightOffset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref int sums) => sums = _sum;
}
