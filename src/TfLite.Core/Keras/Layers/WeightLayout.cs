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

    private static void Transpose(ReadOnlySpan<float> values, int[] shape, int[] perm, Span<float> result)
    {
        var rank = shape.Length;
        if (perm.Length != rank) throw new ArgumentException("The permutation does not match the rank.", nameof(perm));
        if (result.Length == 0) return;
        if (rank == 0)
        {
            result[0] = values[0];
            return;
        }
        var outShape = perm.Select(p => shape[p]).ToArray();
        var inStrides = Strides(shape);
        // The innermost output dimension runs as a strided loop; the outer ones advance an odometer once per row.
        var rowLength = outShape[rank - 1];
        var rowStride = inStrides[perm[rank - 1]];
        var index = new int[rank - 1];
        for (var o = 0; o < result.Length; o += rowLength)
        {
            var source = 0;
            for (var d = 0; d < rank - 1; d++) source += index[d] * inStrides[perm[d]];
            var row = result.Slice(o, rowLength);
            for (var i = 0; i < row.Length; i++, source += rowStride) row[i] = values[source];
            for (var d = rank - 2; d >= 0; d--)
            {
                if (++index[d] < outShape[d]) break;
                index[d] = 0;
            }
        }
    }
}
