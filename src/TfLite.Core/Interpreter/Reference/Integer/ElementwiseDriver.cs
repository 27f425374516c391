using System.Numerics;

namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>One element of a quantized binary operator, on values widened to 32 bits.</summary>
internal interface IQuantizedBinaryOp
{
    /// <summary>The output value (already clamped to the output type's range or tighter).</summary>
    int Apply(int x, int y);
}

/// <summary>One element of a quantized unary operator, on values widened to 32 bits.</summary>
internal interface IQuantizedUnaryOp
{
    /// <summary>The output value (already clamped to the output type's range or tighter).</summary>
    int Apply(int x);
}

/// <summary>Runs element operators over spans: flat when shapes agree, with broadcasting otherwise.</summary>
internal static class ElementwiseDriver
{
    public static void Binary<TIn, TOut, TOp>(in TOp op, ReadOnlySpan<int> shape1, ReadOnlySpan<TIn> input1,
        ReadOnlySpan<int> shape2, ReadOnlySpan<TIn> input2, ReadOnlySpan<int> outputShape, Span<TOut> output)
        where TIn : unmanaged, IBinaryInteger<TIn>
        where TOut : unmanaged, IBinaryInteger<TOut>
        where TOp : struct, IQuantizedBinaryOp
    {
        int size = BroadcastCursor.FlatSize(outputShape);
        ShapeChecks.Length(input1.Length, BroadcastCursor.FlatSize(shape1), nameof(input1));
        ShapeChecks.Length(input2.Length, BroadcastCursor.FlatSize(shape2), nameof(input2));
        ShapeChecks.Length(output.Length, size, nameof(output));
        if (BroadcastCursor.SameShape(shape1, outputShape) && BroadcastCursor.SameShape(shape2, outputShape))
        {
            for (int i = 0; i < size; i++)
                output[i] = TOut.CreateTruncating(op.Apply(int.CreateTruncating(input1[i]), int.CreateTruncating(input2[i])));
            return;
        }
        var cursor = new BroadcastCursor(shape1, shape2, outputShape);
        for (int i = 0; i < size; i++)
        {
            output[i] = TOut.CreateTruncating(op.Apply(int.CreateTruncating(input1[cursor.Offset1]),
                int.CreateTruncating(input2[cursor.Offset2])));
            cursor.MoveNext();
        }
    }

    public static void Unary<TIn, TOut, TOp>(in TOp op, ReadOnlySpan<TIn> input, Span<TOut> output)
        where TIn : unmanaged, IBinaryInteger<TIn>
        where TOut : unmanaged, IBinaryInteger<TOut>
        where TOp : struct, IQuantizedUnaryOp
    {
        ShapeChecks.Length(output.Length, input.Length, nameof(output));
        for (int i = 0; i < input.Length; i++)
            output[i] = TOut.CreateTruncating(op.Apply(int.CreateTruncating(input[i])));
    }
}
