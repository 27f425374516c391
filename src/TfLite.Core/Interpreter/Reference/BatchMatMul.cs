namespace TfLite.Core.Interpreter.Reference;

/// <summary>Float BATCH_MATMUL: out[..., m, n] = sum_k x[..., m, k] * y[..., k, n] (k ascending), batch dims broadcast,
/// adj_x / adj_y transposing the last two dimensions of an operand.</summary>
internal static class BatchMatMul
{
    public static void Float(ReadOnlySpan<int> xShape, ReadOnlySpan<float> x, bool adjX, ReadOnlySpan<int> yShape, ReadOnlySpan<float> y, bool adjY,
        ReadOnlySpan<int> outShape, Span<float> output)
    {
        int rank = outShape.Length;
        var xs = ShapeMath.Extend(xShape, rank);
        var ys = ShapeMath.Extend(yShape, rank);
        int m = outShape[rank - 2], n = outShape[rank - 1];
        int k = adjX ? xs[rank - 2] : xs[rank - 1];
        int batches = ShapeMath.Product(outShape, 0, rank - 2);
        var xStrides = BroadcastBinary.BroadcastStrides(xs[..^2]);
        var yStrides = BroadcastBinary.BroadcastStrides(ys[..^2]);
        var index = new int[rank - 2];
        for (int b = 0; b < batches; b++)
        {
            int xb = 0, yb = 0;
            for (int d = 0; d < rank - 2; d++) { xb += index[d] * xStrides[d]; yb += index[d] * yStrides[d]; }
            var xm = x.Slice(xb * m * k, m * k);
            var ym = y.Slice(yb * k * n, k * n);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    float total = 0f;
                    for (int p = 0; p < k; p++)
                        total += (adjX ? xm[p * m + i] : xm[i * k + p]) * (adjY ? ym[j * k + p] : ym[p * n + j]);
                    output[(b * m + i) * n + j] = total;
                }
            for (int d = rank - 3; d >= 0; d--)
            {
                if (++index[d] < outShape[d]) break;
                index[d] = 0;
            }
        }
    }
}
