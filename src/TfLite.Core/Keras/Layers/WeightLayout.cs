namespace TfLite.Core.Keras.Layers;

/// <summary>Reorders Keras weight arrays into the layouts TFLite kernels expect.</summary>
public static class WeightLayout
{
    /// <summary>Transposes a row-major array: output dim <c>i</c> is input dim <c>perm[i]</c> (as numpy.transpose).</summary>
    public static float[] Transpose(float[] values, int[] shape, int[] perm)
    {
        var rank = shape.Length;
        if (perm.Length != rank) throw new ArgumentException("The permutation does not match the rank.", nameof(perm));
        var outShape = perm.Select(p => shape[p]).ToArray();
        var inStrides = Strides(shape);
        var result = new float[values.Length];
        var index = new int[rank];
        for (var o = 0; o < result.Length; o++)
        {
            var source = 0;
            for (var d = 0; d < rank; d++) source += index[d] * inStrides[perm[d]];
            result[o] = values[source];
            for (var d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < outShape[d]) break;
                index[d] = 0;
            }
        }
        return result;
    }

    /// <summary>Dense kernel [in, units] to FULLY_CONNECTED weights [units, in].</summary>
    public static float[] DenseToFullyConnected(float[] kernel, int inputs, int units) => Transpose(kernel, [inputs, units], [1, 0]);

    /// <summary>Conv kernel HWIO [kh, kw, in, out] to TFLite OHWI [out, kh, kw, in].</summary>
    public static float[] HwioToOhwi(float[] kernel, int[] hwio) => Transpose(kernel, hwio, [3, 0, 1, 2]);

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
}
