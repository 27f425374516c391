using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>Cropping1D/2D -> STRIDED_SLICE x[:, top:-bottom, left:-right, :] (an end of 0 crop is an end-mask bit, so
/// the slice needs no input size).</summary>
public sealed class CroppingConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["Cropping1D", "Cropping2D"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        SpatialOptions.RequireChannelsLast(c);
        var spatial = c.ClassName == "Cropping1D" ? 1 : 2;
        var dims = c.InputDimsOfRank(spatial + 2);
        var pairs = SpatialPairs.Read(c, "cropping", spatial, 0);
        if (pairs.Any(p => p.Before < 0 || p.After < 0)) throw c.Config.Unsupported("cropping");
        var rank = dims.Length;
        var begin = new int[rank];
        var end = new int[rank];
        var beginMask = 1 | 1 << (rank - 1);
        var endMask = beginMask;
        var outDims = (int[])dims.Clone();
        for (var i = 0; i < spatial; i++)
        {
            var axis = i + 1;
            begin[axis] = pairs[i].Before;
            end[axis] = -pairs[i].After;
            if (pairs[i].After == 0) endMask |= 1 << axis;
            if (dims[axis] >= 0)
            {
                outDims[axis] = dims[axis] - pairs[i].Before - pairs[i].After;
                if (outDims[axis] <= 0) throw c.Config.Unsupported("cropping", $"input shape {Shape.Format(dims)}");
            }
        }
        return [c.Emit(BuiltinOperator.StridedSlice,
            [c.Input, c.ConstantInt32(begin, "begin"), c.ConstantInt32(end, "end"), c.ConstantInt32(Enumerable.Repeat(1, rank).ToArray(), "strides")],
            outDims, new StridedSliceOptions { BeginMask = beginMask, EndMask = endMask })];
    }
}
