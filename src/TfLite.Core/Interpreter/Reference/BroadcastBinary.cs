using TfLite.Core.Interpreter.Simd;

namespace TfLite.Core.Interpreter.Reference;

/// <summary>
/// Element-wise float ops with numpy broadcasting: out[i] = clamp(op(a[ia], b[ib])) (the clamp only when given). The innermost dimension runs
/// through <see cref="SimdDriver"/> (same/scalar-left/scalar-right), outer dimensions walk the broadcast index.
/// </summary>
internal static class BroadcastBinary
{
    public static void Float<TOp>(ReadOnlySpan<int> aShape, ReadOnlySpan<float> a, ReadOnlySpan<int> bShape, ReadOnlySpan<float> b,
        ReadOnlySpan<int> outShape, Span<float> output, (float Min, float Max)? clamp, bool simd = true) where TOp : IBinaryOperator
    {
        int rank = Math.Max(outShape.Length, 1);
        var ash = ShapeMath.Extend(aShape, rank);
        var bsh = ShapeMath.Extend(bShape, rank);
        var osh = ShapeMath.Extend(outShape, rank);
        var aStr = BroadcastStrides(ash);
        var bStr = BroadcastStrides(bsh);
        int inner = osh[rank - 1];
        int outer = inner == 0 ? 0 : output.Length / inner;
        var index = new int[rank];
        for (int row = 0; row < outer; row++)
        {
            int ai = 0, bi = 0;
            for (int d = 0; d < rank - 1; d++) { ai += index[d] * aStr[d]; bi += index[d] * bStr[d]; }
            var y = output.Slice(row * inner, inner);
            bool aScalar = ash[rank - 1] == 1 && inner != 1, bScalar = bsh[rank - 1] == 1 && inner != 1;
            if (aScalar && bScalar) y.Fill(TOp.Invoke(a[ai], b[bi]));
            else if (aScalar) SimdDriver.BinaryScalarLeft<TOp>(a[ai], b.Slice(bi, inner), y, simd);
            else if (bScalar) SimdDriver.BinaryScalarRight<TOp>(a.Slice(ai, inner), b[bi], y, simd);
            else SimdDriver.Binary<TOp>(a.Slice(ai, inner), b.Slice(bi, inner), y, simd);
            for (int d = rank - 2; d >= 0; d--)
            {
                if (++index[d] < osh[d]) break;
                index[d] = 0;
            }
        }
        // ADD/SUB/MUL/DIV clamp even without an activation (to the float range: infinities become +-FLT_MAX).
        if (clamp is { } c) SimdDriver.Clamp(output, c.Min, c.Max, simd);
    }

    /// <summary>Element strides with 0 for broadcast (size-1) dimensions.</summary>
    public static int[] BroadcastStrides(ReadOnlySpan<int> shape)
    {
        var s = ShapeMath.Strides(shape);
        for (int d = 0; d < shape.Length; d++) if (shape[d] == 1) s[d] = 0;
        return s;
    }

    /// <summary>Generic broadcast for any element type with a scalar function (integer ADD/MUL, comparisons...).</summary>
    public static void Generic<TIn, TOut>(ReadOnlySpan<int> aShape, ReadOnlySpan<TIn> a, ReadOnlySpan<int> bShape, ReadOnlySpan<TIn> b,
        ReadOnlySpan<int> outShape, Span<TOut> output, Func<TIn, TIn, TOut> op)
    {
        int rank = Math.Max(outShape.Length, 1);
        var ash = ShapeMath.Extend(aShape, rank);
        var bsh = ShapeMath.Extend(bShape, rank);
        var osh = ShapeMath.Extend(outShape, rank);
        var aStr = BroadcastStrides(ash);
        var bStr = BroadcastStrides(bsh);
        var index = new int[rank];
        for (int i = 0; i < output.Length; i++)
        {
            int ai = 0, bi = 0;
            for (int d = 0; d < rank; d++) { ai += index[d] * aStr[d]; bi += index[d] * bStr[d]; }
            output[i] = op(a[ai], b[bi]);
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < osh[d]) break;
                index[d] = 0;
            }
        }
    }
}
