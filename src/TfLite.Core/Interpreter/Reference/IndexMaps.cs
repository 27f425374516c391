using System.Runtime.InteropServices;

namespace TfLite.Core.Interpreter.Reference;

/// <summary>
/// Data-movement ops expressed as an index map: output element i takes input element map[i] (or the pad value when
/// map[i] is -1). Maps depend only on shapes and constant parameters, so kernels build them in Prepare; one typed
/// copy loop then serves every element type.
/// </summary>
internal static class IndexMaps
{
    /// <summary>Copies input elements to the output through the map; -1 entries get <paramref name="padValue"/>.</summary>
    public static void Apply(ReadOnlySpan<byte> input, Span<byte> output, ReadOnlySpan<int> map, int elementSize, ReadOnlySpan<byte> padValue = default)
    {
        switch (elementSize)
        {
            case 1: Apply(input, output, map, padValue.IsEmpty ? (byte)0 : padValue[0]); break;
            case 2: Apply(MemoryMarshal.Cast<byte, short>(input), MemoryMarshal.Cast<byte, short>(output), map, padValue.IsEmpty ? (short)0 : MemoryMarshal.Read<short>(padValue)); break;
            case 4: Apply(MemoryMarshal.Cast<byte, int>(input), MemoryMarshal.Cast<byte, int>(output), map, padValue.IsEmpty ? 0 : MemoryMarshal.Read<int>(padValue)); break;
            case 8: Apply(MemoryMarshal.Cast<byte, long>(input), MemoryMarshal.Cast<byte, long>(output), map, padValue.IsEmpty ? 0L : MemoryMarshal.Read<long>(padValue)); break;
            default:
                for (int i = 0; i < map.Length; i++)
                {
                    var dst = output.Slice(i * elementSize, elementSize);
                    if (map[i] < 0) { if (padValue.IsEmpty) dst.Clear(); else padValue.CopyTo(dst); }
                    else input.Slice(map[i] * elementSize, elementSize).CopyTo(dst);
                }
                break;
        }
    }

    private static void Apply<T>(ReadOnlySpan<T> input, Span<T> output, ReadOnlySpan<int> map, T pad) where T : unmanaged
    {
        for (int i = 0; i < map.Length; i++)
        {
            int j = map[i];
            output[i] = j < 0 ? pad : input[j];
        }
    }

    /// <summary>Walks every output index in row-major order, calling <paramref name="source"/> for its input index.</summary>
    private static int[] Build(ReadOnlySpan<int> outShape, Func<int[], int> source)
    {
        int n = ShapeMath.FlatSize(outShape);
        var map = new int[n];
        var index = new int[outShape.Length];
        for (int i = 0; i < n; i++)
        {
            map[i] = source(index);
            for (int d = outShape.Length - 1; d >= 0; d--)
            {
                if (++index[d] < outShape[d]) break;
                index[d] = 0;
            }
        }
        return map;
    }

    public static int[] Transpose(int[] inShape, int[] perm)
    {
        var strides = ShapeMath.Strides(inShape);
        var outShape = perm.Select(p => inShape[p]).ToArray();
        return Build(outShape, idx =>
        {
            int s = 0;
            for (int d = 0; d < idx.Length; d++) s += idx[d] * strides[perm[d]];
            return s;
        });
    }

    /// <summary>out[idx] = in[begin + idx * stride] per dimension (STRIDED_SLICE, SLICE, SPLIT).</summary>
    public static int[] StridedSlice(int[] inShape, int[] begin, int[] stride, int[] outShape)
    {
        var strides = ShapeMath.Strides(inShape);
        return Build(outShape, idx =>
        {
            int s = 0;
            for (int d = 0; d < idx.Length; d++) s += (begin[d] + idx[d] * stride[d]) * strides[d];
            return s;
        });
    }

    /// <summary>PAD/PADV2: -1 where the output lies in the padding.</summary>
    public static int[] Pad(int[] inShape, int[] before, int[] outShape)
    {
        var strides = ShapeMath.Strides(inShape);
        return Build(outShape, idx =>
        {
            int s = 0;
            for (int d = 0; d < idx.Length; d++)
            {
                int i = idx[d] - before[d];
                if (i < 0 || i >= inShape[d]) return -1;
                s += i * strides[d];
            }
            return s;
        });
    }

    /// <summary>MIRROR_PAD: REFLECT mirrors without the edge, SYMMETRIC with it.</summary>
    public static int[] MirrorPad(int[] inShape, int[] before, int[] outShape, bool symmetric)
    {
        var strides = ShapeMath.Strides(inShape);
        int offset = symmetric ? 0 : 1;
        return Build(outShape, idx =>
        {
            int s = 0;
            for (int d = 0; d < idx.Length; d++)
            {
                int i = idx[d] - before[d], n = inShape[d];
                if (i < 0) i = -i - 1 + offset;
                else if (i >= n) i = 2 * n - i - 1 - offset;
                s += i * strides[d];
            }
            return s;
        });
    }

    public static int[] SpaceToDepth(int[] inShape, int block)
    {
        int inW = inShape[2], inC = inShape[3];
        var outShape = new[] { inShape[0], inShape[1] / block, inShape[2] / block, inC * block * block };
        return Build(outShape, idx =>
        {
            int c = idx[3] % inC, k = idx[3] / inC;
            int y = idx[1] * block + k / block, x = idx[2] * block + k % block;
            return ((idx[0] * inShape[1] + y) * inW + x) * inC + c;
        });
    }

    public static int[] DepthToSpace(int[] inShape, int block)
    {
        int inH = inShape[1], inW = inShape[2], inC = inShape[3], outC = inC / (block * block);
        var outShape = new[] { inShape[0], inH * block, inW * block, outC };
        return Build(outShape, idx =>
        {
            int y = idx[1] / block, x = idx[2] / block;
            int k = (idx[1] % block) * block + idx[2] % block;
            return ((idx[0] * inH + y) * inW + x) * inC + k * outC + idx[3];
        });
    }

    /// <summary>RESIZE_NEAREST_NEIGHBOR as TFLite's reference kernel (align_corners / half_pixel_centers).</summary>
    public static int[] ResizeNearest(int[] inShape, int outH, int outW, bool alignCorners, bool halfPixel)
    {
        int inH = inShape[1], inW = inShape[2], c = inShape[3];
        float scaleH = alignCorners && outH > 1 ? (inH - 1) / (float)(outH - 1) : inH / (float)outH;
        float scaleW = alignCorners && outW > 1 ? (inW - 1) / (float)(outW - 1) : inW / (float)outW;
        int Nearest(int x, float scale, int size)
        {
            float offset = halfPixel ? 0.5f : 0f;
            float v = (x + offset) * scale;
            int r = alignCorners ? (int)MathF.Round(v, MidpointRounding.AwayFromZero) : (int)MathF.Floor(v);
            if (halfPixel) r = Math.Max(0, r);
            return Math.Min(r, size - 1);
        }
        var ys = Enumerable.Range(0, outH).Select(y => Nearest(y, scaleH, inH)).ToArray();
        var xs = Enumerable.Range(0, outW).Select(x => Nearest(x, scaleW, inW)).ToArray();
        return Build([inShape[0], outH, outW, c], idx => ((idx[0] * inH + ys[idx[1]]) * inW + xs[idx[2]]) * c + idx[3]);
    }

    /// <summary>GATHER: out[outer, idx..., inner] = params[outer, indices[b, idx...], inner] with batch dims.</summary>
    public static int[] Gather(int[] paramsShape, ReadOnlySpan<int> indices, int[] indicesShape, int axis, int batchDims, out int[] outShape, Func<int, Exception> outOfRange)
    {
        // Output: params[:axis] + indices[batchDims:] + params[axis+1:]
        outShape = [.. paramsShape[..axis], .. indicesShape[batchDims..], .. paramsShape[(axis + 1)..]];
        int batch = ShapeMath.Product(paramsShape, 0, batchDims);
        int outer = ShapeMath.Product(paramsShape, batchDims, axis);
        int axisSize = paramsShape[axis];
        int inner = ShapeMath.Product(paramsShape, axis + 1, paramsShape.Length);
        int perBatch = ShapeMath.Product(indicesShape, batchDims, indicesShape.Length);
        var map = new int[batch * outer * perBatch * inner];
        int k = 0;
        for (int b = 0; b < batch; b++)
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < perBatch; i++)
                {
                    int index = indices[b * perBatch + i];
                    if (index < 0 || index >= axisSize) throw outOfRange(index);
                    int src = ((b * outer + o) * axisSize + index) * inner;
                    for (int j = 0; j < inner; j++) map[k++] = src + j;
                }
        return map;
    }

    /// <summary>TILE: out[idx] = in[idx mod inShape].</summary>
    public static int[] Tile(int[] inShape, int[] outShape)
    {
        var strides = ShapeMath.Strides(inShape);
        return Build(outShape, idx =>
        {
            int s = 0;
            for (int d = 0; d < idx.Length; d++) s += idx[d] % inShape[d] * strides[d];
            return s;
        });
    }

    /// <summary>BROADCAST_TO: size-1 input dimensions repeat.</summary>
    public static int[] BroadcastTo(int[] inShape, int[] outShape)
    {
        var ext = ShapeMath.Extend(inShape, outShape.Length);
        var strides = BroadcastBinary.BroadcastStrides(ext);
        return Build(outShape, idx =>
        {
            int s = 0;
            for (int d = 0; d < idx.Length; d++) s += idx[d] * strides[d];
            return s;
        });
    }

    /// <summary>REVERSE_V2 over the given axes.</summary>
    public static int[] Reverse(int[] shape, IReadOnlyCollection<int> axes)
    {
        var strides = ShapeMath.Strides(shape);
        return Build(shape, idx =>
        {
            int s = 0;
            for (int d = 0; d < idx.Length; d++) s += (axes.Contains(d) ? shape[d] - 1 - idx[d] : idx[d]) * strides[d];
            return s;
        });
    }
}
