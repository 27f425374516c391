using TfLite.Core.Graph;
using Fb = TfLite.Core.Serialization.Schema;
using Op = TfLite.Core.Graph.BuiltinOperator;

namespace TfLite.Core.Serialization.Options;

/// <summary>Codecs of the options of operators that reshape, slice, split, gather or resize tensors.</summary>
internal static class ShapeOptionsCodecs
{
    public static IEnumerable<OptionsCodec> All =>
    [
        OptionsCodec.Of<Fb.ReshapeOptions, ReshapeOptions>(Fb.BuiltinOptions.ReshapeOptions, [Op.Reshape],
            t => new ReshapeOptions { NewShape = t.GetNewShapeArray() },
            (b, o) => Fb.ReshapeOptions.CreateReshapeOptions(b,
                o.NewShape is null ? default : Fb.ReshapeOptions.CreateNewShapeVectorBlock(b, o.NewShape)).Value),

        OptionsCodec.Of<Fb.ReducerOptions, ReducerOptions>(Fb.BuiltinOptions.ReducerOptions,
            [Op.Mean, Op.Sum, Op.ReduceMax, Op.ReduceMin, Op.ReduceProd, Op.ReduceAny, Op.ReduceAll],
            t => new ReducerOptions { KeepDims = t.KeepDims },
            (b, o) => Fb.ReducerOptions.CreateReducerOptions(b, o.KeepDims).Value),

        OptionsCodec.Of<Fb.ShapeOptions, ShapeOptions>(Fb.BuiltinOptions.ShapeOptions, [Op.Shape],
            t => new ShapeOptions { OutType = t.OutType.ToGraph() },
            (b, o) => Fb.ShapeOptions.CreateShapeOptions(b, o.OutType.ToSchema()).Value),

        OptionsCodec.Of<Fb.SqueezeOptions, SqueezeOptions>(Fb.BuiltinOptions.SqueezeOptions, [Op.Squeeze],
            t => new SqueezeOptions { SqueezeDims = t.GetSqueezeDimsArray() ?? [] },
            (b, o) => Fb.SqueezeOptions.CreateSqueezeOptions(b, Fb.SqueezeOptions.CreateSqueezeDimsVectorBlock(b, o.SqueezeDims)).Value),

        OptionsCodec.Of<Fb.StridedSliceOptions, StridedSliceOptions>(Fb.BuiltinOptions.StridedSliceOptions, [Op.StridedSlice],
            t => new StridedSliceOptions
            {
                BeginMask = t.BeginMask, EndMask = t.EndMask, EllipsisMask = t.EllipsisMask,
                NewAxisMask = t.NewAxisMask, ShrinkAxisMask = t.ShrinkAxisMask, Offset = t.Offset,
            },
            (b, o) => Fb.StridedSliceOptions.CreateStridedSliceOptions(b, o.BeginMask, o.EndMask, o.EllipsisMask,
                o.NewAxisMask, o.ShrinkAxisMask, o.Offset).Value),

        OptionsCodec.Of<Fb.SplitOptions, SplitOptions>(Fb.BuiltinOptions.SplitOptions, [Op.Split],
            t => new SplitOptions { NumSplits = t.NumSplits },
            (b, o) => Fb.SplitOptions.CreateSplitOptions(b, o.NumSplits).Value),

        OptionsCodec.Of<Fb.SplitVOptions, SplitVOptions>(Fb.BuiltinOptions.SplitVOptions, [Op.SplitV],
            t => new SplitVOptions { NumSplits = t.NumSplits },
            (b, o) => Fb.SplitVOptions.CreateSplitVOptions(b, o.NumSplits).Value),

        OptionsCodec.Of<Fb.GatherOptions, GatherOptions>(Fb.BuiltinOptions.GatherOptions, [Op.Gather],
            t => new GatherOptions { Axis = t.Axis, BatchDims = t.BatchDims },
            (b, o) => Fb.GatherOptions.CreateGatherOptions(b, o.Axis, o.BatchDims).Value),

        OptionsCodec.Of<Fb.PackOptions, PackOptions>(Fb.BuiltinOptions.PackOptions, [Op.Pack],
            t => new PackOptions { ValuesCount = t.ValuesCount, Axis = t.Axis },
            (b, o) => Fb.PackOptions.CreatePackOptions(b, o.ValuesCount, o.Axis).Value),

        OptionsCodec.Of<Fb.UnpackOptions, UnpackOptions>(Fb.BuiltinOptions.UnpackOptions, [Op.Unpack],
            t => new UnpackOptions { Num = t.Num, Axis = t.Axis },
            (b, o) => Fb.UnpackOptions.CreateUnpackOptions(b, o.Num, o.Axis).Value),

        OptionsCodec.Of<Fb.MirrorPadOptions, MirrorPadOptions>(Fb.BuiltinOptions.MirrorPadOptions, [Op.MirrorPad],
            t => new MirrorPadOptions { Mode = t.Mode.ToGraph() },
            (b, o) => Fb.MirrorPadOptions.CreateMirrorPadOptions(b, o.Mode.ToSchema()).Value),

        OptionsCodec.Of<Fb.ResizeBilinearOptions, ResizeBilinearOptions>(Fb.BuiltinOptions.ResizeBilinearOptions, [Op.ResizeBilinear],
            t => new ResizeBilinearOptions { AlignCorners = t.AlignCorners, HalfPixelCenters = t.HalfPixelCenters },
            (b, o) => Fb.ResizeBilinearOptions.CreateResizeBilinearOptions(b, o.AlignCorners, o.HalfPixelCenters).Value),

        OptionsCodec.Of<Fb.ResizeNearestNeighborOptions, ResizeNearestNeighborOptions>(Fb.BuiltinOptions.ResizeNearestNeighborOptions,
            [Op.ResizeNearestNeighbor],
            t => new ResizeNearestNeighborOptions { AlignCorners = t.AlignCorners, HalfPixelCenters = t.HalfPixelCenters },
            (b, o) => Fb.ResizeNearestNeighborOptions.CreateResizeNearestNeighborOptions(b, o.AlignCorners, o.HalfPixelCenters).Value),

        OptionsCodec.Of<Fb.SpaceToDepthOptions, SpaceToDepthOptions>(Fb.BuiltinOptions.SpaceToDepthOptions, [Op.SpaceToDepth],
            t => new SpaceToDepthOptions { BlockSize = t.BlockSize },
            (b, o) => Fb.SpaceToDepthOptions.CreateSpaceToDepthOptions(b, o.BlockSize).Value),

        OptionsCodec.Of<Fb.DepthToSpaceOptions, DepthToSpaceOptions>(Fb.BuiltinOptions.DepthToSpaceOptions, [Op.DepthToSpace],
            t => new DepthToSpaceOptions { BlockSize = t.BlockSize },
            (b, o) => Fb.DepthToSpaceOptions.CreateDepthToSpaceOptions(b, o.BlockSize).Value),
    ];
}
