using System.Numerics;
using System.Runtime.CompilerServices;

namespace TfLite.Core.Interpreter.FixedPoint;

/// <summary>
/// TFLite's lookup-table activations (<c>LUTPopulate</c>/<c>LUTLookup</c>): 256-entry tables for 8-bit inputs and
/// 513-entry interpolated tables for int16 inputs, filled from a float function exactly as TFLite fills them.
/// </summary>
public static class LookupTables
{
    /// <summary>Entries of an int16 table: 512 segments plus one end point for the last slope.</summary>
    public const int Int16TableSize = 513;

    /// <summary>Entries of an 8-bit table.</summary>
    public const int Int8TableSize = 256;

    /// <summary>
    /// Fills a 256-entry table for int8 input and output. Entry <c>(byte)q</c> holds the output for input
    /// <c>q</c>, so a lookup is an index by the input's bit pattern.
    /// </summary>
    public static void PopulateInt8(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint,
        Func<float, float> transform, Span<sbyte> table) =>
        Populate8Bit(inputScale, inputZeroPoint, outputScale, outputZeroPoint, transform,
            MemoryMarshalBytes(table), sbyte.MinValue, sbyte.MaxValue);

    /// <summary>Fills a 256-entry table for uint8 input and output, indexed by the input value.</summary>
    public static void PopulateUInt8(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint,
        Func<float, float> transform, Span<byte> table) =>
        Populate8Bit(inputScale, inputZeroPoint, outputScale, outputZeroPoint, transform, table, byte.MinValue, byte.MaxValue);

    /// <summary>
    /// Fills a 513-entry int16 table. Each of the 512 segments stores its start value minus half the error the
    /// linear interpolation makes at the segment's midpoint; the last entry is the function at the input maximum.
    /// <typeparamref name="TFloat"/> is <see cref="float"/> for current TFLite, <see cref="double"/> for its older
    /// double-precision tables.
    /// </summary>
    public static void PopulateInt16<TFloat>(TFloat inputScale, int inputZeroPoint, TFloat outputScale,
        int outputZeroPoint, Func<TFloat, TFloat> transform, Span<short> table)
        where TFloat : IFloatingPoint<TFloat>
    {
        if (table.Length < Int16TableSize) throw new ArgumentException("An int16 table needs 513 entries.", nameof(table));
        TFloat inputMin = inputScale * TFloat.CreateTruncating(short.MinValue - inputZeroPoint);
        TFloat inputMax = inputScale * TFloat.CreateTruncating(short.MaxValue - inputZeroPoint);
        TFloat outputMin = outputScale * TFloat.CreateTruncating(short.MinValue - outputZeroPoint);
        TFloat outputMax = outputScale * TFloat.CreateTruncating(short.MaxValue - outputZeroPoint);

        const int steps = Int16TableSize - 1;
        TFloat step = (inputMax - inputMin) / TFloat.CreateTruncating(steps);
        TFloat halfStep = step / TFloat.CreateTruncating(2);
        TFloat outputScalingInverse = TFloat.CreateTruncating(65536) / (outputMax - outputMin);
        TFloat two = TFloat.CreateTruncating(2);

        for (int i = 0; i < steps; i++)
        {
            TFloat start = inputMin + TFloat.CreateTruncating(i) * step;
            TFloat value = transform(start);
            TFloat midpointValue = transform(start + halfStep);
            TFloat nextValue = transform(inputMin + TFloat.CreateTruncating(i + 1) * step);

            TFloat sample = Round(value * outputScalingInverse);
            TFloat interpolatedMidpoint = Round((nextValue * outputScalingInverse + Round(value * outputScalingInverse)) / two);
            TFloat exactMidpoint = Round(midpointValue * outputScalingInverse);
            TFloat bias = Round((interpolatedMidpoint - exactMidpoint) / two);
            table[i] = ClampToInt16(sample - bias);
        }
        table[steps] = ClampToInt16(Round(transform(inputMax) * outputScalingInverse));
    }

    /// <summary>
    /// Looks an int16 value up in a 513-entry table: the top 9 bits pick the segment, the low 7 bits interpolate
    /// linearly between its end points (rounded half up).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short Lookup(short value, ReadOnlySpan<short> table)
    {
        int index = 256 + (value >> 7);
        int offset = value & 0x7f;
        int start = table[index];
        int slope = table[index + 1] - start;
        return unchecked((short)(start + ((slope * offset + 64) >> 7)));
    }

    /// <summary>Looks an int8 value up in a table filled by <see cref="PopulateInt8"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static sbyte Lookup(sbyte value, ReadOnlySpan<sbyte> table) => table[(byte)value];

    /// <summary>Looks a uint8 value up in a table filled by <see cref="PopulateUInt8"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Lookup(byte value, ReadOnlySpan<byte> table) => table[value];

    private static void Populate8Bit(float inputScale, int inputZeroPoint, float outputScale, int outputZeroPoint,
        Func<float, float> transform, Span<byte> table, int min, int max)
    {
        if (table.Length < Int8TableSize) throw new ArgumentException("An 8-bit table needs 256 entries.", nameof(table));
        float inverseScale = 1 / outputScale;
        for (int value = min; value <= max; value++)
        {
            float dequantized = inputScale * (value - inputZeroPoint);
            float rescaled = TfLiteMath.Round(transform(dequantized) * inverseScale);
            int quantized = TfLiteMath.TruncateToInt32(rescaled + outputZeroPoint);
            table[(byte)value] = unchecked((byte)Math.Clamp(quantized, min, max));
        }
    }

    private static Span<byte> MemoryMarshalBytes(Span<sbyte> table) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<sbyte, byte>(table);

    private static TFloat Round<TFloat>(TFloat x) where TFloat : IFloatingPoint<TFloat> =>
        TFloat.Round(x, MidpointRounding.AwayFromZero);

    private static short ClampToInt16<TFloat>(TFloat x) where TFloat : IFloatingPoint<TFloat> =>
        short.CreateTruncating(TFloat.Clamp(x, TFloat.CreateTruncating(short.MinValue), TFloat.CreateTruncating(short.MaxValue)));
}
