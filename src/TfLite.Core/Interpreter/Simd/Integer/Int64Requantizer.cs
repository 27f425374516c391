using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// The int16x8 <see cref="OutputStage"/> of 64-bit accumulators (<see cref="OutputStage.Apply(long, int)"/> with the
/// multiplier reduced to 15 bits, TFLite's and TFLite Micro's), four channels at a time with AVX2 and equal bit for
/// bit to it: x × m for a reduced multiplier 0 &lt;= m &lt; 2^16 is (low 32 bits of x, unsigned) × m plus (high 32
/// bits, signed) × m × 2^32, which wraps modulo 2^64 exactly as the scalar product; the arithmetic right shift is a
/// logical one between two flips of a negative value's bits. Then, as the scalar path, the low 32 bits get the zero
/// point and the clamp.
/// </summary>
internal sealed class Int64Requantizer
{
    private readonly OutputStage _stage;
    private readonly long[] _multipliers, _rounds;
    private readonly ulong[] _shifts;

    private Int64Requantizer(in OutputStage stage, long[] multipliers, long[] rounds, ulong[] shifts) =>
        (_stage, _multipliers, _rounds, _shifts) = (stage, multipliers, rounds, shifts);

    /// <summary>A vectorized stage, or null where it does not apply (no AVX2, the whole multiplier, a negative
    /// multiplier or a shift outside 1 to 63 bits).</summary>
    public static Int64Requantizer? TryCreate(in OutputStage stage, int channels, VectorWidth width)
    {
        if (width != VectorWidth.V256 || !Avx2.IsSupported || stage.FullMultiplier || !stage.FloatScales.IsEmpty) return null;
        var (multipliers, rounds, shifts) = (new long[channels], new long[channels], new ulong[channels]);
        for (int c = 0; c < channels; c++)
        {
            int k = stage.ChannelCount == 1 ? 0 : c, m = stage.Multipliers[k];
            int reduced = m < 0x7FFF0000 ? (m + (1 << 15)) >> 16 : 0x7FFF;
            int totalShift = 15 - stage.Shifts[k];
            if (reduced < 0 || totalShift is < 1 or > 63) return null;
            (multipliers[c], rounds[c], shifts[c]) = (reduced, 1L << (totalShift - 1), (ulong)totalShift);
        }
        return new Int64Requantizer(stage, multipliers, rounds, shifts);
    }

    /// <summary>output[c] = stage(sums[c] + bias[c], c) for every channel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(ReadOnlySpan<long> sums, ReadOnlySpan<long> bias, Span<short> output)
    {
        int vectorEnd = output.Length - output.Length % Vector256<long>.Count;
        if (Math.Min(sums.Length, bias.Length) < output.Length || _multipliers.Length < output.Length)
            throw new ArgumentException("Sums, bias or channel parameters are shorter than the output.");
        var clamp = (Low: Vector128.Create(_stage.ActivationMin), High: Vector128.Create(_stage.ActivationMax));
        var zeroPoint = Vector128.Create(_stage.OutputOffset);
        for (int c = 0; c < vectorEnd; c += Vector256<long>.Count)
        {
            var x = Vector256.Create(sums.Slice(c, 4)) + Vector256.Create(bias.Slice(c, 4));
            var scaled = ScaleLowHalves(x, Vector256.Create(_multipliers.AsSpan(c, 4)), Vector256.Create(_rounds.AsSpan(c, 4)),
                Vector256.Create(_shifts.AsSpan(c, 4)));
            var y = Vector128.Min(Vector128.Max(scaled + zeroPoint, clamp.Low), clamp.High);
            Unsafe.WriteUnaligned(ref Unsafe.As<short, byte>(ref output[c]), Vector128.Narrow(y, y).AsInt64().ToScalar());
        }
        for (int c = vectorEnd; c < output.Length; c++) output[c] = (short)_stage.Apply(unchecked(sums[c] + bias[c]), c);
    }

    /// <summary>The low 32 bits of (x × m + round) >> shift per 64-bit lane, as four int32 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> ScaleLowHalves(Vector256<long> x, Vector256<long> m, Vector256<long> round, Vector256<ulong> shift)
    {
        var product = Avx2.Multiply(x.AsUInt32(), m.AsUInt32()).AsInt64()
                      + Avx2.ShiftLeftLogical(Avx2.Multiply(Avx2.ShiftRightLogical(x, 32).AsInt32(), m.AsInt32()), 32)
                      + round;
        var negative = Avx2.CompareGreaterThan(Vector256<long>.Zero, product);
        var shifted = Avx2.ShiftRightLogicalVariable((product ^ negative).AsUInt64(), shift).AsInt64() ^ negative;
        return Avx2.PermuteVar8x32(shifted.AsInt32(), Vector256.Create(0, 2, 4, 6, 0, 2, 4, 6)).GetLower();
    }
}
