using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TfLite.Core.Keras.Layers;

/// <summary>Reorders Keras weight arrays into the layouts TFLite kernels expect.</summary>
public static class WeightLayout
{
    /// <summary>Transposes a row-major array: output dim <c>i</c> is input dim <c>perm[i]</c> (as numpy.transpose).</summary>
    public static float[] Transpose(float[] values, int[] shape, int[] perm)
    {
        var result = new float[values.Length];
        Transpose(values, shape, perm, result);
        return result;
    }

    /// <summary>
    /// Transposes as <see cref="Transpose(float[], int[], int[])"/> straight into the little-endian bytes of a constant
    /// tensor, so that the reordered weights are written once rather than reordered and then copied.
    /// </summary>
    public static byte[] TransposeToBytes(ReadOnlySpan<float> values, int[] shape, int[] perm)
    {
        var result = new byte[values.Length * sizeof(float)];
        Transpose(values, shape, perm, MemoryMarshal.Cast<byte, float>(result.AsSpan()));
        return result;
    }

    /// <summary>Dense kernel [in, units] to FULLY_CONNECTED weights [units, in].</summary>
    public static float[] DenseToFullyConnected(float[] kernel, int inputs, int units) => Transpose(kernel, [inputs, units], [1, 0]);

    /// <summary>Conv kernel HWIO [kh, kw, in, out] to TFLite OHWI [out, kh, kw, in].</summary>
    public static float[] HwioToOhwi(float[] kernel, int[] hwio) => Transpose(kernel, hwio, HwioToOhwiOrder);

    /// <summary>The permutation from a conv kernel's HWIO to TFLite's OHWI.</summary>
    public static int[] HwioToOhwiOrder => [3, 0, 1, 2];

    /// <summary>The permutation from a Dense kernel's [in, units] to FULLY_CONNECTED's [units, in].</summary>
    public static int[] DenseToFullyConnectedOrder => [1, 0];

    /// <summary>Row-major strides of a shape.</summary>
    public static int[] Strides(int[] shape)
    {
        var strides = new int[shape.Length];
        var s = 1;
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = s;
            s *= shape[d];
        }
        return strides;
    }

    /// <summary>
    /// Transposes one block of a row-major array into its places in the whole result: the block holds the indices
    /// <paramref name="firstIndex"/> onwards along <paramref name="axis"/> (every axis before it has size 1), as
    /// many as it has values for. Weights read from a file a block at a time need no array of their own.
    /// </summary>
    internal static void TransposeBlock(ReadOnlySpan<float> block, int[] shape, int[] perm, int axis, int firstIndex, Span<float> result)
    {
        var blockShape = (int[])shape.Clone();
        blockShape[axis] = block.Length / (int)(Graph.Shape.ElementCount(shape) / shape[axis]);
        var outStrides = Strides(perm.Select(p => shape[p]).ToArray());
        Transpose(block, blockShape, perm, result, outStrides, firstIndex * outStrides[Array.IndexOf(perm, axis)]);
    }

    /// <summary>Transposes <paramref name="values"/> of <paramref name="shape"/> into <paramref name="result"/>.</summary>
    internal static void Transpose(ReadOnlySpan<float> values, int[] shape, int[] perm, Span<float> result) =>
        Transpose(values, shape, perm, result, Strides(perm.Select(p => shape[p]).ToArray()), 0);

    // Walks the block's output order: the innermost output dimension runs as a strided loop (a plain copy where it is
    // the input's innermost too), the outer ones advance an odometer once per row; outStrides place each value in the
    // whole output. Optimized from the first call: a conversion calls it a few times on a model's largest arrays, too
    // few for tiered compilation to get past its slow first tier.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose(ReadOnlySpan<float> values, int[] shape, int[] perm, Span<float> result, int[] outStrides, int outOffset)
    {
        var rank = shape.Length;
        if (perm.Length != rank) throw new ArgumentException("The permutation does not match the rank.", nameof(perm));
        if (values.Length == 0) return;
        if (rank == 0)
        {
            result[0] = values[0];
            return;
        }
        var outShape = perm.Select(p => shape[p]).ToArray();
        var inStrides = Strides(shape);
        var rowLength = outShape[rank - 1];
        var rowStride = inStrides[perm[rank - 1]];
        var step = outStrides[rank - 1];
        var index = new int[rank - 1];
        for (var done = 0; done < values.Length; done += rowLength)
        {
            int source = 0, target = outOffset;
            for (var d = 0; d < rank - 1; d++)
            {
                source += index[d] * inStrides[perm[d]];
                target += index[d] * outStrides[d];
            }
            if (rowStride == 1 && step == 1)
                values.Slice(source, rowLength).CopyTo(result.Slice(target, rowLength));
            else
                for (var i = 0; i < rowLength; i++, source += rowStride, target += step) result[target] = values[source];
            for (var d = rank - 2; d >= 0; d--)
            {
                if (++index[d] < outShape[d]) break;
                index[d] = 0;
            }
        }
    }
}
