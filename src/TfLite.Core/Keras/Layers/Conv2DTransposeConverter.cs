using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>
/// Conv2DTranspose -> TRANSPOSE_CONV (output_shape, weights OHWI from Keras's [kh, kw, filters, in], input, bias as
/// the 4th input), then the activation. With a dynamic batch the output shape is computed at run time from the
/// input's shape (SHAPE, STRIDED_SLICE, PACK), as TensorFlow emits it; with a static one it is a constant.
/// </summary>
public sealed class Conv2DTransposeConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["Conv2DTranspose", "Convolution2DTranspose", "Deconvolution2D"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        var o = SpatialOptions.ForConvolution(c, 2);
        if (o.Dilation.Any(d => d != 1)) throw c.Config.Unsupported("dilation_rate", "TRANSPOSE_CONV has no dilation");
        c.Config.RequireOneOf("output_padding");
        if (c.Config.GetInt("groups", 1) != 1) throw c.Config.Unsupported("groups");
        var filters = c.Config.GetInt("filters");
        var useBias = c.Config.GetBool("use_bias", true);
        var dims = c.InputDimsOfRank(4);
        var channels = c.KnownDim(dims, 3, "channel");
        c.ExpectWeightCount(useBias ? 2 : 1);

        int[] kernelShape = [o.Kernel[0], o.Kernel[1], filters, channels];
        var kernel = c.Weight(0, "kernel", kernelShape);
        var weights = c.TransposedConstant(kernel, kernelShape, [2, 0, 1, 3], [filters, o.Kernel[0], o.Kernel[1], channels], "kernel");
        var bias = useBias ? c.Constant(c.Weight(1, "bias", filters).Values, [filters], "bias") : null;

        int[] outDims = [dims[0], OutputLength(dims[1], o, 0), OutputLength(dims[2], o, 1), filters];
        if (outDims[1] < 0 || outDims[2] < 0) throw c.Unsupported($"the spatial dimensions of input shape {Shape.Format(dims)} must be known");
        var outputShape = dims[0] >= 0 ? c.ConstantInt32(outDims, "output_shape") : RuntimeOutputShape(c, outDims);
        var inputs = new List<Tensor?> { outputShape, weights, c.Input };
        if (bias is not null) inputs.Add(bias);
        var output = c.Emit(BuiltinOperator.TransposeConv, inputs, outDims,
            new TransposeConvOptions { Padding = o.TfLitePadding, StrideH = o.Strides[0], StrideW = o.Strides[1] });
        return [c.ApplyActivation(output)];
    }

    /// <summary>Keras's <c>deconv_output_length</c> without output padding.</summary>
    private static int OutputLength(int input, SpatialOptions o, int axis)
    {
        if (input < 0) return -1;
        var k = o.Kernel[axis];
        var s = o.Strides[axis];
        return o.Padding == "same" ? input * s : input * s + Math.Max(k - s, 0);
    }

    /// <summary>[batch of the input, H, W, F] computed at run time.</summary>
    private static Tensor RuntimeOutputShape(LayerContext c, int[] outDims)
    {
        var shape = c.Emit(BuiltinOperator.Shape, [c.Input], [4], new ShapeOptions { OutType = TensorType.Int32 }, "input_shape", TensorType.Int32);
        var batch = c.Emit(BuiltinOperator.StridedSlice,
            [shape, c.ConstantInt32([0], "batch_begin"), c.ConstantInt32([1], "batch_end"), c.ConstantInt32([1], "batch_stride")],
            [], new StridedSliceOptions { ShrinkAxisMask = 1 }, "batch", TensorType.Int32);
        var rest = new[] { outDims[1], outDims[2], outDims[3] }.Select((v, i) => c.ConstantInt32([v], $"output_dim{i + 1}", []));
        return c.Emit(BuiltinOperator.Pack, [batch, .. rest], [4], new PackOptions { ValuesCount = 4, Axis = 0 }, "output_shape", TensorType.Int32);
    }
}
