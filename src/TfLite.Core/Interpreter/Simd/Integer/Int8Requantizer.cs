using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// The <see cref="OutputStage"/> of 32-bit accumulators into int8, eight channels at a time with AVX2 and equal bit
/// for bit to <see cref="OutputStage.Apply(int, int)"/> (which serves the tail and every machine without AVX2).
/// <para>Double rounding: gemmlowp's saturating rounding doubling high multiply with a non-negative multiplier is
/// floor((x * m + 2^30) / 2^31) (its two nudges and the truncating division agree with that for both signs), then
/// the rounding right shift per lane. Single rounding with a right shift r: floor((x * m + 2^(30 + r)) / 2^(31 + r))
/// is a = floor(x * m / 2^31) shifted right by r plus a's bit r - 1, which never leaves 32 bits.</para>
/// <para>Float stages (XNNPACK's fp32 requantization): the int32 to float32 conversion and the float32 product round
/// to nearest even as the scalar path does; clamping to the integer bounds first keeps the rounding in range.</para>
/// </summary>
internal sealed class Int8Requantizer
{
    /// <summary>Lanes of the widest block; the tiled parameters repeat with a period that is a multiple of it.</summary>
    private const int WideLanes = 16;

    /// <summary>The longest tiling kept (in channels): beyond it a run of pixels is requantized pixel by pixel.</summary>
    private const int MaxPeriod = 256;

    private readonly OutputStage _stage;
    private readonly int _channels;
    // Per-channel parameters and biases, channel c at c, c + channels, ... up to the period (or just the channels
    // when the period is too long): a contiguous run of pixels is then one flat vector loop whose blocks may span
    // two pixels (two eight-channel pixels per sixteen lanes).
    private readonly int _period;
    private readonly int[] _bias, _multipliers, _leftShifts, _rightShifts;
    private readonly float[]? _floatScales;
    private readonly bool _vectorized, _wide;

    /// <param name="stage">The output stage.</param>
    /// <param name="channels">Channels per pixel.</param>
    /// <param name="bias">Added to every pixel's accumulators (empty: none).</param>
    /// <param name="width">V256: eight channels at a time with AVX2; V512: also sixteen with AVX-512 where the
    /// hardware has it; narrower: the scalar output stage.</param>
    public Int8Requantizer(in OutputStage stage, int channels, ReadOnlySpan<int> bias, VectorWidth width)
    {
        if (!bias.IsEmpty && bias.Length != channels) throw new ArgumentException("One bias per channel is needed.", nameof(bias));
        _stage = stage;
        _channels = channels;
        int period = channels / Gcd(channels, WideLanes) * WideLanes;
        _period = period <= Math.Max(MaxPeriod, channels) ? period : 0;
        int length = Math.Max(channels, _period);
        (_bias, _multipliers, _leftShifts, _rightShifts) = (new int[length], new int[length], new int[length], new int[length]);
        bool supported = true;
        for (int i = 0; i < length; i++)
        {
            int c = i % channels, k = stage.ChannelCount == 1 ? 0 : c;
            int m = stage.Multipliers[k], shift = stage.Shifts[k];
            _bias[i] = bias.IsEmpty ? 0 : bias[c];
            _multipliers[i] = m;
            _leftShifts[i] = Math.Max(shift, 0);
            _rightShifts[i] = Math.Max(-shift, 0);
            supported &= m >= 0 && shift is >= -31 and <= 30
                         && (stage.Rounding == RoundingMode.Double || shift <= 0);
        }
        if (!stage.FloatScales.IsEmpty)
        {
            _floatScales = new float[length];
            for (int i = 0; i < length; i++) _floatScales[i] = stage.FloatScales[stage.FloatScales.Length == 1 ? 0 : i % channels];
            supported = true;
        }
        _vectorized = supported && width >= VectorWidth.V256 && Avx2.IsSupported;
        _wide = _vectorized && width == VectorWidth.V512 && Avx512F.IsSupported && Vector512.IsHardwareAccelerated;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    /// <summary>output[c] = stage(accumulators[c] + bias[c], c) for every channel of one pixel.</summary>
    public void Apply(ReadOnlySpan<int> accumulators, Span<sbyte> output) => Apply(accumulators, _channels, output, 1);

    /// <summary>
    /// The output stage of <paramref name="pixels"/> pixels at once: output[p * channels + c] = stage(accumulators[p *
    /// <paramref name="accumulatorStride"/> + c] + bias[c], c). One call per row of pixels pays the setup once; with
    /// the accumulators contiguous (stride = channels) the whole run is one vector loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(ReadOnlySpan<int> accumulators, int accumulatorStride, Span<sbyte> output, int pixels)
    {
        int n = _channels;
        if (pixels < 1 || output.Length != pixels * n || accumulatorStride < n
            || accumulators.Length < (pixels - 1) * accumulatorStride + n)
            throw new ArgumentException("Accumulators or output do not hold the pixels' channels.");
        if (_vectorized && _period > 0 && accumulatorStride == n)
        {
            int total = pixels * n, done = VectorBlocks(accumulators, output, total);
            for (int i = done; i < total; i++) output[i] = Scalar(accumulators[i], i % n);
            return;
        }
        for (int p = 0; p < pixels; p++)
        {
            var sums = accumulators.Slice(p * accumulatorStride, n);
            var y = output.Slice(p * n, n);
            int done = _vectorized ? VectorBlocks(sums, y, n) : 0;
            for (int c = done; c < n; c++) y[c] = Scalar(sums[c], c);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private sbyte Scalar(int accumulator, int channel) => (sbyte)_stage.Apply(unchecked(accumulator + _bias[channel]), channel);

    /// <summary>
    /// Elements [0, done) of a run that starts at channel 0 (a whole pixel, or pixels back to back when the
    /// parameters are tiled), in blocks of sixteen and then eight; returns done. Parameter index j restarts at
    /// the period, which blocks never cross (it is a multiple of sixteen); an untiled run ends within one pixel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int VectorBlocks(ReadOnlySpan<int> accumulators, Span<sbyte> output, int count)
    {
        ref int ar = ref MemoryMarshal.GetReference(accumulators);
        ref sbyte yr = ref MemoryMarshal.GetReference(output);
        int i = 0, j = 0, wrap = _period > 0 ? _period : int.MaxValue;
        if (_wide)
            for (; i <= count - Vector512<int>.Count; i += Vector512<int>.Count)
            {
                Block512(Vector512.LoadUnsafe(ref ar, (nuint)i), j, ref Unsafe.Add(ref yr, i));
                j += Vector512<int>.Count;
                if (j == wrap) j = 0;
            }
        for (; i <= count - Vector256<int>.Count; i += Vector256<int>.Count)
        {
            Block256(Vector256.LoadUnsafe(ref ar, (nuint)i), j, ref Unsafe.Add(ref yr, i));
            j += Vector256<int>.Count;
            if (j == wrap) j = 0;
        }
        return i;
    }

    /// <summary>Eight accumulators with the parameters at index j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Block256(Vector256<int> accumulators, int j, ref sbyte destination)
    {
        var x = accumulators + Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_bias), (nuint)j);
        var offset = Vector256.Create(_stage.OutputOffset);
        if (_floatScales is not null)
        {
            var f = Vector256.ConvertToSingle(x) * Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_floatScales), (nuint)j);
            f = Vector256.Min(Vector256.Max(f, Vector256.Create((float)(_stage.ActivationMin - _stage.OutputOffset))),
                Vector256.Create((float)(_stage.ActivationMax - _stage.OutputOffset)));
            StoreNarrow(Vector256.ConvertToInt32(Avx.RoundToNearestInteger(f)) + offset, ref destination);
            return;
        }
        var m = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_multipliers), (nuint)j);
        var right = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_rightShifts), (nuint)j);
        var scaled = _stage.Rounding == RoundingMode.Single ? SingleRounding(x, m, right)
            : DoubleRounding(Avx2.ShiftLeftLogicalVariable(x,
                Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_leftShifts), (nuint)j).AsUInt32()), m, right);
        StoreNarrow(Vector256.Min(Vector256.Max(scaled + offset, Vector256.Create(_stage.ActivationMin)),
            Vector256.Create(_stage.ActivationMax)), ref destination);
    }

    /// <summary>Sixteen accumulators with the parameters at index j: <see cref="Block256"/> in AVX-512.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Block512(Vector512<int> accumulators, int j, ref sbyte destination)
    {
        var x = accumulators + Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_bias), (nuint)j);
        var offset = Vector512.Create(_stage.OutputOffset);
        Vector512<int> y;
        if (_floatScales is not null)
        {
            var f = Vector512.ConvertToSingle(x) * Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_floatScales), (nuint)j);
            f = Vector512.Min(Vector512.Max(f, Vector512.Create((float)(_stage.ActivationMin - _stage.OutputOffset))),
                Vector512.Create((float)(_stage.ActivationMax - _stage.OutputOffset)));
            // Immediate 0: round to nearest even, as Avx.RoundToNearestInteger.
            y = Vector512.ConvertToInt32(Avx512F.RoundScale(f, 0)) + offset;
        }
        else
        {
            var m = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_multipliers), (nuint)j);
            var right = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_rightShifts), (nuint)j);
            var scaled = _stage.Rounding == RoundingMode.Single ? SingleRounding(x, m, right)
                : DoubleRounding(Avx512F.ShiftLeftLogicalVariable(x,
                    Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_leftShifts), (nuint)j).AsUInt32()), m, right);
            y = Vector512.Min(Vector512.Max(scaled + offset, Vector512.Create(_stage.ActivationMin)), Vector512.Create(_stage.ActivationMax));
        }
        // The lanes are already within int8's range, so the saturating narrow only drops the high bytes.
        Avx512F.ConvertToVector128SByteWithSaturation(y).StoreUnsafe(ref destination);
    }

    /// <summary>floor((x * m + 2^30) / 2^31), then the rounding right shift (ties away from zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> DoubleRounding(Vector256<int> x, Vector256<int> m, Vector256<int> right)
    {
        var high = HighProduct(x, m, Vector256.Create(1L << 30));
        var mask = Avx2.ShiftLeftLogicalVariable(Vector256<int>.One, right.AsUInt32()) - Vector256<int>.One;
        var remainder = high & mask;
        var threshold = Avx2.ShiftRightArithmetic(mask, 1) + (Vector256.LessThan(high, Vector256<int>.Zero) & Vector256<int>.One);
        return Avx2.ShiftRightArithmeticVariable(high, right.AsUInt32())
               + (Vector256.GreaterThan(remainder, threshold) & Vector256<int>.One);
    }

    /// <summary>floor((x * m + 2^(30 + r)) / 2^(31 + r)) for right shifts r in [0, 31].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> SingleRounding(Vector256<int> x, Vector256<int> m, Vector256<int> right)
    {
        var rounded = HighProduct(x, m, Vector256.Create(1L << 30));
        var floor = HighProduct(x, m, Vector256<long>.Zero);
        var shiftedOnce = Avx2.ShiftRightArithmeticVariable(floor, (right - Vector256<int>.One).AsUInt32()) & Vector256<int>.One;
        var shifted = Avx2.ShiftRightArithmeticVariable(floor, right.AsUInt32()) + shiftedOnce;
        return Vector256.ConditionalSelect(Vector256.Equals(right, Vector256<int>.Zero), rounded, shifted);
    }

    /// <summary>Low 32 bits of (x * m + add) >> 31 per lane, from 64-bit products of the even and the odd lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> HighProduct(Vector256<int> x, Vector256<int> m, Vector256<long> add)
    {
        var even = Avx2.Multiply(x, m) + add;
        var odd = Avx2.Multiply(Avx2.ShiftRightLogical(x.AsInt64(), 32).AsInt32(), Avx2.ShiftRightLogical(m.AsInt64(), 32).AsInt32()) + add;
        return Avx2.Blend(Avx2.ShiftRightLogical(even, 31).AsInt32(), Avx2.ShiftLeftLogical(odd, 1).AsInt32(), 0b1010_1010);
    }

    /// <summary>The Vector512 form of <see cref="DoubleRounding(Vector256{int}, Vector256{int}, Vector256{int})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> DoubleRounding(Vector512<int> x, Vector512<int> m, Vector512<int> right)
    {
        var high = HighProduct(x, m, Vector512.Create(1L << 30));
        var mask = Avx512F.ShiftLeftLogicalVariable(Vector512<int>.One, right.AsUInt32()) - Vector512<int>.One;
        var remainder = high & mask;
        var threshold = Avx512F.ShiftRightArithmetic(mask, 1) + (Vector512.LessThan(high, Vector512<int>.Zero) & Vector512<int>.One);
        return Avx512F.ShiftRightArithmeticVariable(high, right.AsUInt32())
               + (Vector512.GreaterThan(remainder, threshold) & Vector512<int>.One);
    }

    /// <summary>The Vector512 form of <see cref="SingleRounding(Vector256{int}, Vector256{int}, Vector256{int})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> SingleRounding(Vector512<int> x, Vector512<int> m, Vector512<int> right)
    {
        var rounded = HighProduct(x, m, Vector512.Create(1L << 30));
        var floor = HighProduct(x, m, Vector512<long>.Zero);
        var shiftedOnce = Avx512F.ShiftRightArithmeticVariable(floor, (right - Vector512<int>.One).AsUInt32()) & Vector512<int>.One;
        var shifted = Avx512F.ShiftRightArithmeticVariable(floor, right.AsUInt32()) + shiftedOnce;
        return Vector512.ConditionalSelect(Vector512.Equals(right, Vector512<int>.Zero), rounded, shifted);
    }

    /// <summary>The Vector512 form of <see cref="HighProduct(Vector256{int}, Vector256{int}, Vector256{long})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> HighProduct(Vector512<int> x, Vector512<int> m, Vector512<long> add)
    {
        var even = Avx512F.Multiply(x, m) + add;
        var odd = Avx512F.Multiply(Avx512F.ShiftRightLogical(x.AsInt64(), 32).AsInt32(), Avx512F.ShiftRightLogical(m.AsInt64(), 32).AsInt32()) + add;
        var oddLanes = Vector512.Create(unchecked((long)0xFFFF_FFFF_0000_0000)).AsInt32();
        return Vector512.ConditionalSelect(oddLanes, Avx512F.ShiftLeftLogical(odd, 1).AsInt32(), Avx512F.ShiftRightLogical(even, 31).AsInt32());
    }

    /// <summary>Stores eight int32 lanes already clamped to int8's range as eight bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreNarrow(Vector256<int> y, ref sbyte destination)
    {
        var shorts = Vector128.Narrow(y.GetLower(), y.GetUpper());
        var bytes = Vector128.Narrow(shorts, shorts);
        Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref destination), bytes.AsInt64().ToScalar());
    }
}
