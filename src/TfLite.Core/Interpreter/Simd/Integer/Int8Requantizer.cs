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
    private readonly OutputStage _stage;
    private readonly int[] _multipliers, _leftShifts, _rightShifts;
    private readonly float[]? _floatScales;
    private readonly bool _vectorized;

    public Int8Requantizer(in OutputStage stage, int channels, VectorWidth width)
    {
        _stage = stage;
        _multipliers = new int[channels];
        _leftShifts = new int[channels];
        _rightShifts = new int[channels];
        bool supported = true;
        for (int c = 0; c < channels; c++)
        {
            int k = stage.ChannelCount == 1 ? 0 : c;
            int m = stage.Multipliers[k], shift = stage.Shifts[k];
            _multipliers[c] = m;
            _leftShifts[c] = Math.Max(shift, 0);
            _rightShifts[c] = Math.Max(-shift, 0);
            supported &= m >= 0 && shift is >= -31 and <= 30
                         && (stage.Rounding == RoundingMode.Double || shift <= 0);
        }
        if (!stage.FloatScales.IsEmpty)
        {
            _floatScales = new float[channels];
            for (int c = 0; c < channels; c++) _floatScales[c] = stage.FloatScales[stage.FloatScales.Length == 1 ? 0 : c];
            supported = true;
        }
        _vectorized = supported && width == VectorWidth.V256 && Avx2.IsSupported;
    }

    /// <summary>output[c] = stage(accumulators[c] + bias[c], c) for every channel.</summary>
    public void Apply(ReadOnlySpan<int> accumulators, ReadOnlySpan<int> bias, Span<sbyte> output) =>
        Apply(accumulators, output.Length, bias, output, 1);

    /// <summary>
    /// The output stage of <paramref name="pixels"/> pixels at once: output[p * n + c] = stage(accumulators[p *
    /// <paramref name="accumulatorStride"/> + c] + bias[c], c) with n = output.Length / pixels channels. One call per
    /// row of pixels pays the setup (constants, checks) once rather than per pixel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(ReadOnlySpan<int> accumulators, int accumulatorStride, ReadOnlySpan<int> bias, Span<sbyte> output, int pixels)
    {
        if (pixels < 1 || output.Length % pixels != 0)
            throw new ArgumentException("The output does not hold a whole number of pixels.");
        int n = output.Length / pixels;
        if (accumulatorStride < n || accumulators.Length < (pixels - 1) * accumulatorStride + n || bias.Length < n || _multipliers.Length < n)
            throw new ArgumentException("Accumulators, bias or channel parameters are shorter than the output.");
        int vectorEnd = _vectorized ? n - n % Vector256<int>.Count : 0;
        for (int p = 0; p < pixels; p++)
        {
            var sums = accumulators.Slice(p * accumulatorStride, n);
            var y = output.Slice(p * n, n);
            if (vectorEnd > 0) ApplyVectors(sums, bias, y, vectorEnd);
            for (int c = vectorEnd; c < n; c++) y[c] = (sbyte)_stage.Apply(unchecked(sums[c] + bias[c]), c);
        }
    }

    /// <summary>Channels [0, <paramref name="end"/>) of one pixel, eight at a time (end a multiple of eight and
    /// within every span, as the caller checked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ApplyVectors(ReadOnlySpan<int> accumulators, ReadOnlySpan<int> bias, Span<sbyte> output, int end)
    {
        ref int ar = ref MemoryMarshal.GetReference(accumulators);
        ref int br = ref MemoryMarshal.GetReference(bias);
        ref sbyte yr = ref MemoryMarshal.GetReference(output);
        var offset = Vector256.Create(_stage.OutputOffset);
        if (_floatScales is not null)
        {
            ref float fr = ref MemoryMarshal.GetArrayDataReference(_floatScales);
            var floatMin = Vector256.Create((float)(_stage.ActivationMin - _stage.OutputOffset));
            var floatMax = Vector256.Create((float)(_stage.ActivationMax - _stage.OutputOffset));
            for (int c = 0; c < end; c += Vector256<int>.Count)
            {
                var x = Vector256.LoadUnsafe(ref ar, (nuint)c) + Vector256.LoadUnsafe(ref br, (nuint)c);
                var f = Vector256.ConvertToSingle(x) * Vector256.LoadUnsafe(ref fr, (nuint)c);
                f = Avx.RoundToNearestInteger(Vector256.Min(Vector256.Max(f, floatMin), floatMax));
                StoreNarrow(Vector256.ConvertToInt32(f) + offset, ref Unsafe.Add(ref yr, c));
            }
            return;
        }
        var min = Vector256.Create(_stage.ActivationMin);
        var max = Vector256.Create(_stage.ActivationMax);
        bool single = _stage.Rounding == RoundingMode.Single;
        ref int mr = ref MemoryMarshal.GetArrayDataReference(_multipliers);
        ref int lr = ref MemoryMarshal.GetArrayDataReference(_leftShifts);
        ref int rr = ref MemoryMarshal.GetArrayDataReference(_rightShifts);
        for (int c = 0; c < end; c += Vector256<int>.Count)
        {
            var x = Vector256.LoadUnsafe(ref ar, (nuint)c) + Vector256.LoadUnsafe(ref br, (nuint)c);
            var m = Vector256.LoadUnsafe(ref mr, (nuint)c);
            var right = Vector256.LoadUnsafe(ref rr, (nuint)c);
            var scaled = single ? SingleRounding(x, m, right)
                : DoubleRounding(Avx2.ShiftLeftLogicalVariable(x, Vector256.LoadUnsafe(ref lr, (nuint)c).AsUInt32()), m, right);
            StoreNarrow(Vector256.Min(Vector256.Max(scaled + offset, min), max), ref Unsafe.Add(ref yr, c));
        }
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

    /// <summary>Stores eight int32 lanes already clamped to int8's range as eight bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreNarrow(Vector256<int> y, ref sbyte destination)
    {
        var shorts = Vector128.Narrow(y.GetLower(), y.GetUpper());
        var bytes = Vector128.Narrow(shorts, shorts);
        Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref destination), bytes.AsInt64().ToScalar());
    }
}
