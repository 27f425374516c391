namespace TfLite.Core.Keras.Layers;

/// <summary>Shape arithmetic on Keras dims, where -1 stands for an unknown dimension.</summary>
public static class ShapeMath
{
    /// <summary>NumPy-style broadcast of two shapes (aligned at the end).</summary>
    /// <exception cref="ModelFormatException">The shapes do not broadcast.</exception>
    public static int[] Broadcast(int[] a, int[] b, LayerContext context)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            result[i] = (da, db) switch
            {
                _ when da == db => da,
                (1, _) => db,
                (_, 1) => da,
                (-1, _) => db,
                (_, -1) => da,
                _ => throw new ModelFormatException("InvalidLayerInputs",
                    $"Layer '{context.LayerName}' ({context.ClassName}): shapes {Graph.Shape.Format(a)} and {Graph.Shape.Format(b)} do not broadcast.", context.LayerName),
            };
        }
        return result;
    }

    /// <summary>Keras's <c>conv_output_length</c>: output size of a convolution or pooling window along one axis.</summary>
    public static int ConvOutputLength(int input, int filter, bool same, int stride, int dilation = 1)
    {
        if (input < 0) return -1;
        var dilated = filter + (filter - 1) * (dilation - 1);
        var length = same ? input : input - dilated + 1;
        return length <= 0 ? 0 : (length + stride - 1) / stride;
    }

    /// <summary>Product of the dims from <paramref name="start"/> on, or -1 when one of them is unknown.</summary>
    public static int Product(int[] dims, int start = 0)
    {
        long p = 1;
        for (var i = start; i < dims.Length; i++)
        {
            if (dims[i] < 0) return -1;
            p *= dims[i];
        }
        return checked((int)p);
    }

    /// <summary>Turns a possibly negative axis into a positive one for a tensor of rank <paramref name="rank"/>.</summary>
    /// <returns>The axis, or -1 when it is out of range.</returns>
    public static int NormalizeAxis(int axis, int rank) => axis < 0 ? (axis + rank >= 0 ? axis + rank : -1) : (axis < rank ? axis : -1);
}
