using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>
/// The <see cref="OutputStage"/> of the uint8 and int16x8 plans, equal bit for bit to its scalar form. A uint8 output
/// y is y - 128 as int8, so the int8 requantizer computes it with the stage shifted by -128 and flipping the sign
/// bit restores the byte. That shift is exact unless a scaled accumulator lies within 2^8 of int32's end, where adding
/// the zero point would wrap in one stage and not in the other; a stage that could get there (from the accumulators'
/// bound) stays scalar. int16 outputs of 64-bit accumulators go through <see cref="Int64Requantizer"/> where it
/// applies; other int16 outputs (32-bit accumulators, LiteRT's whole multiplier) through the scalar stage.
/// </summary>
internal sealed class WideRequantizer
{
    private readonly OutputStage _stage;
    private readonly int[] _bias32;
    private readonly long[]? _bias64;
    private readonly Int8Requantizer? _asInt8;
    private readonly Int64Requantizer? _int64;

    private WideRequantizer(in OutputStage stage, int[] bias32, long[]? bias64, Int8Requantizer? asInt8, Int64Requantizer? int64) =>
        (_stage, _bias32, _bias64, _asInt8, _int64) = (stage, bias32, bias64, asInt8, int64);

    /// <summary>Output element type: uint8 or int16.</summary>
    public bool ByteOutput { get; private init; }

    /// <summary>True when the sums are 64-bit (int16x8 with TFLite's int64 accumulators).</summary>
    public bool Int64Sums => _bias64 is not null;

    /// <summary>
    /// For uint8 outputs of 32-bit sums, with one bias per channel. <paramref name="maxAbsAccumulator"/> bounds
    /// |accumulator + bias| per channel of the reference's sums (what its wrapping int32 sum can reach).
    /// </summary>
    public static WideRequantizer ForUInt8(in OutputStage stage, int[] bias, ReadOnlySpan<long> maxAbsAccumulator, VectorWidth width) =>
        new(stage, bias, null, ShiftIsExact(stage, bias.Length, maxAbsAccumulator)
            ? new Int8Requantizer(stage.ShiftOutput(-128), bias.Length, bias, width) : null, null)
        {
            ByteOutput = true,
        };

    /// <summary>For int16 outputs of 32-bit sums (<paramref name="bias64"/> null) or 64-bit ones.</summary>
    public static WideRequantizer ForInt16(in OutputStage stage, int[] bias32, long[]? bias64, VectorWidth width) =>
        new(stage, bias32, bias64, null,
            bias64 is null ? null : Int64Requantizer.TryCreate(stage, bias64.Length, VectorWidths.Clamp(width)));

    /// <summary>output[c] = stage(sums[c] + bias[c], c) for the channels of one pixel; output holds its bytes.</summary>
    public void Apply(ReadOnlySpan<int> sums, Span<byte> output)
    {
        if (ByteOutput && _asInt8 is not null)
        {
            _asInt8.Apply(sums, MemoryMarshal.Cast<byte, sbyte>(output));
            TensorPrimitives.Xor(output, (byte)0x80, output);
        }
        else if (ByteOutput)
        {
            for (int c = 0; c < output.Length; c++) output[c] = (byte)_stage.Apply(unchecked(sums[c] + _bias32[c]), c);
        }
        else
        {
            var y = MemoryMarshal.Cast<byte, short>(output);
            for (int c = 0; c < y.Length; c++) y[c] = (short)_stage.Apply(unchecked(sums[c] + _bias32[c]), c);
        }
    }

    /// <summary>The 64-bit form, for int16 outputs.</summary>
    public void Apply(ReadOnlySpan<long> sums, Span<byte> output)
    {
        var bias = _bias64 ?? throw new InvalidOperationException("This stage takes 32-bit sums.");
        var y = MemoryMarshal.Cast<byte, short>(output);
        if (_int64 is not null)
        {
            _int64.Apply(sums, bias, y);
            return;
        }
        for (int c = 0; c < y.Length; c++) y[c] = (short)_stage.Apply(unchecked(sums[c] + bias[c]), c);
    }

    /// <summary>
    /// True when no scaled accumulator comes within 2^8 + |zero point| of int32's end: the float stage clamps before
    /// it adds the zero point, and a fixed-point one scales |x| &lt;= bound to at most bound × m × 2^shift / 2^31 + 1
    /// (with a left shift, only when x × 2^shift cannot wrap first).
    /// </summary>
    private static bool ShiftIsExact(in OutputStage stage, int channels, ReadOnlySpan<long> maxAbsAccumulator)
    {
        if (!stage.FloatScales.IsEmpty) return true;
        const double limit = 2147483648.0;
        for (int c = 0; c < channels; c++)
        {
            int k = stage.ChannelCount == 1 ? 0 : c;
            double bound = Math.Min(maxAbsAccumulator[maxAbsAccumulator.Length == 1 ? 0 : c], limit);
            int shift = stage.Shifts[k];
            if (shift > 0 && stage.Rounding != RoundingMode.Single && bound * Math.Pow(2, shift) >= limit) return false;
            double scaled = bound * Math.Abs((double)stage.Multipliers[k]) * Math.Pow(2, shift) / limit + 2;
            if (scaled + Math.Abs((double)stage.OutputOffset) + 256 >= limit) return false;
        }
        return true;
    }
}
