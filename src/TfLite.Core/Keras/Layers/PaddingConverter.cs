using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>ZeroPadding1D/2D -> PAD with an int32 [rank, 2] paddings constant (batch and channels unpadded).</summary>
public sealed class PaddingConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["ZeroPadding1D", "ZeroPadding2D"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        SpatialOptions.RequireChannelsLast(c);
        var spatial = c.ClassName == "ZeroPadding1D" ? 1 : 2;
        var dims = c.InputDimsOfRank(spatial + 2);
        var pairs = SpatialPairs.Read(c, "padding", spatial, 1);
        if (pairs.Any(p => p.Before < 0 || p.After < 0)) throw c.Config.Unsupported("padding");
        var paddings = new int[dims.Length * 2];
        var outDims = (int[])dims.Clone();
        for (var i = 0; i < spatial; i++)
        {
            paddings[2 * (i + 1)] = pairs[i].Before;
            paddings[2 * (i + 1) + 1] = pairs[i].After;
            if (dims[i + 1] >= 0) outDims[i + 1] = dims[i + 1] + pairs[i].Before + pairs[i].After;
        }
        return [c.Emit(BuiltinOperator.Pad, [c.Input, c.ConstantInt32(paddings, "paddings", [dims.Length, 2])], outDims)];
    }
}
