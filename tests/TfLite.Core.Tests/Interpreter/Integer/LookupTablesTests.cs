using TfLite.Core.Interpreter.FixedPoint;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Integer;

public class LookupTablesTests
{
    [Fact]
    public void Int16Identity_StaysWithinOneUnit()
    {
        // TFLite spans the table over [min, max] of int16, i.e. 65535 units in 512 steps, and scales the output by
        // 65536 / 65535: the identity is therefore off by up to one unit, never more.
        var table = new short[LookupTables.Int16TableSize];
        LookupTables.PopulateInt16(1f / 32768, 0, 1f / 32768, 0, x => x, table);
        Assert.Equal(-32768, table[0]);
        Assert.Equal(32767, table[512]);
        for (int v = short.MinValue; v <= short.MaxValue; v++)
            Assert.InRange(LookupTables.Lookup((short)v, table) - v, -1, 1);
    }

    [Fact]
    public void Int16Lookup_InterpolatesWithTheLowSevenBits()
    {
        // A hand-made table: segment 256 (inputs 0..127) runs from 100 to 228, slope 128 over 128 steps.
        var table = new short[LookupTables.Int16TableSize];
        table[256] = 100;
        table[257] = 228;
        Assert.Equal(100, LookupTables.Lookup((short)0, table));
        Assert.Equal(101, LookupTables.Lookup((short)1, table));
        Assert.Equal(227, LookupTables.Lookup((short)127, table));
        // Slope 3 over the segment: offset 64 gives (3 * 64 + 64) >> 7 = 2; offset 21 gives (63 + 64) >> 7 = 0.
        table[257] = 103;
        Assert.Equal(102, LookupTables.Lookup((short)64, table));
        Assert.Equal(100, LookupTables.Lookup((short)21, table));
        // Negative inputs index below 256: -128..-1 is segment 255.
        table[255] = -50;
        Assert.Equal(-50 + ((150 * 64 + 64) >> 7), LookupTables.Lookup((short)-64, table));
    }

    [Fact]
    public void Int16ExpTable_AsSoftmaxBuildsIt_TracksExp()
    {
        // Softmax's table: inputs [-10, 0] over the int16 range, outputs [-1, 1).
        const float range = 65535f;
        var table = new short[LookupTables.Int16TableSize];
        LookupTables.PopulateInt16(10f / range, 32767, 2f / range, 0, MathF.Exp, table);
        for (int v = short.MinValue; v <= short.MaxValue; v += 5)
        {
            double x = 10.0 / range * (v - 32767);
            double actual = LookupTables.Lookup((short)v, table) * 2.0 / range;
            Assert.True(Math.Abs(actual - Math.Exp(x)) < 4e-4, $"exp({x}) = {Math.Exp(x)}, table {actual}");
        }
    }

    [Fact]
    public void Int16Table_MidpointBiasLowersStartsWhereAConvexFunctionBends()
    {
        // exp over [-8, 8): near the top a segment's chord overshoots the curve at its midpoint by several units, so
        // TFLite lowers the segment's start by half that error; elsewhere the bias is rounding noise of at most one.
        const float inputScale = 8f / 32768, outputScale = 2981f / 32768;
        var table = new short[LookupTables.Int16TableSize];
        LookupTables.PopulateInt16(inputScale, 0, outputScale, 0, MathF.Exp, table);
        float inverse = 65536f / (65535 * outputScale);
        float step = 65535 * inputScale / 512;
        int topBias = 0;
        for (int i = 0; i < 511; i++)
        {
            float start = -32768 * inputScale + i * step;
            int unbiased = (int)MathF.Round(MathF.Exp(start) * inverse, MidpointRounding.AwayFromZero);
            Assert.InRange(unbiased - table[i], -1, 3);
            if (i >= 448) topBias += unbiased - table[i];
        }
        Assert.True(topBias > 32, $"bias over the top segments {topBias}");
        // Samples sit 65535/512 input units apart while lookups assume 128; where exp is steep that drift costs
        // several output units, so accuracy is checked where the slope is moderate (x < 4).
        for (int v = short.MinValue; v < 16384; v++)
        {
            double x = v * (double)inputScale;
            Assert.True(Math.Abs(LookupTables.Lookup((short)v, table) * (double)outputScale - Math.Exp(x)) < 2 * outputScale,
                $"x={x}");
        }
    }

    [Fact]
    public void Int8Identity_IsIndexedByTheInputBitPattern()
    {
        var table = new sbyte[LookupTables.Int8TableSize];
        LookupTables.PopulateInt8(0.5f, 3, 0.5f, 3, x => x, table);
        for (int v = sbyte.MinValue; v <= sbyte.MaxValue; v++)
            Assert.Equal(v, LookupTables.Lookup((sbyte)v, table));
        Assert.Equal(-1, table[255]);
        Assert.Equal(127, table[127]);
    }

    [Fact]
    public void Int8Table_RequantizesAndSaturates()
    {
        // Input scale 1, zero point 0; output scale 0.5, zero point -10: y = 2x - 10, clamped to int8.
        var table = new sbyte[LookupTables.Int8TableSize];
        LookupTables.PopulateInt8(1f, 0, 0.5f, -10, x => x, table);
        Assert.Equal(-10, LookupTables.Lookup((sbyte)0, table));
        Assert.Equal(90, LookupTables.Lookup((sbyte)50, table));
        Assert.Equal(127, LookupTables.Lookup((sbyte)100, table));
        Assert.Equal(-128, LookupTables.Lookup((sbyte)-100, table));
    }

    [Fact]
    public void UInt8Table_RoundsHalfAwayFromZero()
    {
        // y = x / 2 with input scale 1 and output scale 1: 3 -> 1.5 -> 2, 5 -> 2.5 -> 3.
        var table = new byte[LookupTables.Int8TableSize];
        LookupTables.PopulateUInt8(1f, 0, 1f, 0, x => x / 2, table);
        Assert.Equal(2, LookupTables.Lookup((byte)3, table));
        Assert.Equal(3, LookupTables.Lookup((byte)5, table));
        Assert.Equal(127, LookupTables.Lookup((byte)254, table));
    }

    [Fact]
    public void SigmoidTable_TracksTheLogisticFunction()
    {
        var values = SigmoidTable.Values;
        Assert.Equal(256, values.Length);
        Assert.Equal(32768, values[0]);
        for (int i = 0; i < 255; i++)
        {
            double expected = 65536 / (1 + Math.Exp(-i / 24.0));
            Assert.InRange(values[i] - expected, -0.5, 1.5);
            Assert.True(values[i + 1] >= values[i]);
        }
    }
}
