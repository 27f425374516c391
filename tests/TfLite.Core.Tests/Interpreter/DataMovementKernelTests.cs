using Xunit;
using TfLite.Core.Graph;

namespace TfLite.Core.Tests.InterpreterTests;

/// <summary>Shape and data-movement kernels against index arithmetic written here.</summary>
public sealed class DataMovementKernelTests
{
    private static float[] Iota(int n) => Enumerable.Range(0, n).Select(i => (float)i).ToArray();

    private static (float[] Values, int[] Shape) RunOne(BuiltinOperator code, int[] shape, float[] x, OperatorOptions? options, params Func<OpGraph, Tensor>[] extra)
    {
        var g = new OpGraph();
        var inputs = new List<Tensor?> { g.Input(shape, x) };
        inputs.AddRange(extra.Select(e => e(g)));
        g.Op(code, [.. inputs], [g.Output()], options);
        return g.RunBothPaths();
    }

    [Fact]
    public void Transpose_permutes_axes()
    {
        var x = Iota(2 * 3 * 4);
        var (y, shape) = RunOne(BuiltinOperator.Transpose, [2, 3, 4], x, null, g => g.ConstInt([3], [2, 0, 1]));
        Assert.Equal(new[] { 4, 2, 3 }, shape);
        for (int a = 0; a < 4; a++) for (int b = 0; b < 2; b++) for (int c = 0; c < 3; c++)
            Assert.Equal(x[(b * 3 + c) * 4 + a], y[(a * 2 + b) * 3 + c]);
    }

    [Fact]
    public void Strided_slice_with_masks_negative_strides_and_shrink()
    {
        var x = Iota(4 * 5 * 3);
        // x[1:, ::-2, 1] : begin_mask bit 1 (dim 1 from its start), shrink bit 2.
        var (y, shape) = RunOne(BuiltinOperator.StridedSlice, [4, 5, 3], x, new StridedSliceOptions { BeginMask = 2, EndMask = 2, ShrinkAxisMask = 4 },
            g => g.ConstInt([3], [1, 0, 1]), g => g.ConstInt([3], [4, 0, 2]), g => g.ConstInt([3], [1, -2, 1]));
        Assert.Equal(new[] { 3, 3 }, shape);
        var expected = new List<float>();
        for (int a = 1; a < 4; a++) for (int b = 4; b >= 0; b -= 2) expected.Add(x[(a * 5 + b) * 3 + 1]);
        Assert.Equal(expected, y);
        // x[..., 0:2] with an ellipsis and a new axis: shape [4, 5, 1, 2].
        var (z, zshape) = RunOne(BuiltinOperator.StridedSlice, [4, 5, 3], x, new StridedSliceOptions { EllipsisMask = 1, NewAxisMask = 2 },
            g => g.ConstInt([3], [0, 0, 0]), g => g.ConstInt([3], [0, 0, 2]), g => g.ConstInt([3], [1, 1, 1]));
        Assert.Equal(new[] { 4, 5, 1, 2 }, zshape);
        Assert.Equal(Enumerable.Range(0, 20).SelectMany(i => new[] { x[i * 3], x[i * 3 + 1] }), z);
    }

    [Fact]
    public void Slice_pad_mirror_pad_and_tile()
    {
        var x = Iota(3 * 4);
        var (s, sshape) = RunOne(BuiltinOperator.Slice, [3, 4], x, null, g => g.ConstInt([2], [1, 1]), g => g.ConstInt([2], [-1, 2]));
        Assert.Equal(new[] { 2, 2 }, sshape);
        Assert.Equal(new[] { 5f, 6f, 9f, 10f }, s);
        var (p, pshape) = RunOne(BuiltinOperator.Pad, [3, 4], x, null, g => g.ConstInt([2, 2], [1, 0, 0, 2]));
        Assert.Equal(new[] { 4, 6 }, pshape);
        Assert.Equal(new float[] { 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 0, 0 }, p.Take(12));
        var (r, _) = RunOne(BuiltinOperator.MirrorPad, [3, 4], x, new MirrorPadOptions { Mode = MirrorPadMode.Reflect }, g => g.ConstInt([2, 2], [0, 0, 2, 1]));
        Assert.Equal(new float[] { 2, 1, 0, 1, 2, 3, 2 }, r.Take(7));
        var (sy, _) = RunOne(BuiltinOperator.MirrorPad, [3, 4], x, new MirrorPadOptions { Mode = MirrorPadMode.Symmetric }, g => g.ConstInt([2, 2], [0, 0, 2, 1]));
        Assert.Equal(new float[] { 1, 0, 0, 1, 2, 3, 3 }, sy.Take(7));
        var (t, tshape) = RunOne(BuiltinOperator.Tile, [3, 4], x, null, g => g.ConstInt([2], [2, 1]));
        Assert.Equal(new[] { 6, 4 }, tshape);
        Assert.Equal(x.Concat(x), t);
    }

    [Fact]
    public void Concatenation_pack_unpack_split()
    {
        var a = Iota(2 * 3);
        var b = Iota(2 * 2).Select(v => v + 100).ToArray();
        var g = new OpGraph();
        g.Op(BuiltinOperator.Concatenation, [g.Input([2, 3], a), g.Input([2, 2], b)], [g.Output()], new ConcatenationOptions { Axis = -1 });
        Assert.Equal(new float[] { 0, 1, 2, 100, 101, 3, 4, 5, 102, 103 }, g.RunBothPaths().Values);

        var g2 = new OpGraph();
        g2.Op(BuiltinOperator.Pack, [g2.Input([3], [1, 2, 3]), g2.Input([3], [4, 5, 6])], [g2.Output()], new PackOptions { ValuesCount = 2, Axis = 1 });
        var (packed, pshape) = g2.RunBothPaths();
        Assert.Equal(new[] { 3, 2 }, pshape);
        Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, packed);

        var g3 = new OpGraph();
        g3.Op(BuiltinOperator.Unpack, [g3.Input([2, 3], a)], [g3.Output(), g3.Output(), g3.Output()], new UnpackOptions { Num = 3, Axis = 1 });
        var run = g3.Run();
        Assert.Equal(new[] { 2 }, run.GetOutputShape(2));
        Assert.Equal(new float[] { 2, 5 }, run.GetOutputArray<float>(2));

        var g4 = new OpGraph();
        g4.Op(BuiltinOperator.SplitV, [g4.Input([2, 6], Iota(12)), g4.ConstInt([3], [1, -1, 2]), g4.ConstInt([], [1])], [g4.Output(), g4.Output(), g4.Output()], new SplitVOptions { NumSplits = 3 });
        var sv = g4.Run();
        Assert.Equal(new float[] { 1, 2, 3, 7, 8, 9 }, sv.GetOutputArray<float>(1));
        Assert.Equal(new[] { 2, 2 }, sv.GetOutputShape(2));

        var g5 = new OpGraph();
        g5.Op(BuiltinOperator.Split, [g5.ConstInt([], [0]), g5.Input([4, 2], Iota(8))], [g5.Output(), g5.Output()], new SplitOptions { NumSplits = 2 });
        Assert.Equal(new float[] { 4, 5, 6, 7 }, g5.Run().GetOutputArray<float>(1));
    }

    [Fact]
    public void Gather_with_axis_and_batch_dims()
    {
        var x = Iota(2 * 3 * 4);
        var (y, shape) = RunOne(BuiltinOperator.Gather, [2, 3, 4], x, new GatherOptions { Axis = 1 }, g => g.ConstInt([2], [2, 0]));
        Assert.Equal(new[] { 2, 2, 4 }, shape);
        Assert.Equal(new float[] { 8, 9, 10, 11, 0, 1, 2, 3 }, y.Take(8));
        var (z, zshape) = RunOne(BuiltinOperator.Gather, [2, 3, 4], x, new GatherOptions { Axis = 2, BatchDims = 1 }, g => g.ConstInt([2, 1], [3, 0]));
        Assert.Equal(new[] { 2, 3, 1 }, zshape);
        Assert.Equal(new float[] { 3, 7, 11, 12, 16, 20 }, z);
        var bad = Assert.Throws<InterpreterException>(() => RunOne(BuiltinOperator.Gather, [2, 3, 4], x, new GatherOptions(), g => g.ConstInt([1], [5])));
        Assert.Equal("IndexOutOfRange", bad.ErrorId);
    }

    [Fact]
    public void Space_depth_and_resizing()
    {
        var x = Iota(1 * 4 * 4 * 2);
        var (sd, sdShape) = RunOne(BuiltinOperator.SpaceToDepth, [1, 4, 4, 2], x, new SpaceToDepthOptions { BlockSize = 2 });
        Assert.Equal(new[] { 1, 2, 2, 8 }, sdShape);
        // Output (0,0) holds input pixels (0,0),(0,1),(1,0),(1,1), each with its 2 channels.
        Assert.Equal(new float[] { 0, 1, 2, 3, 8, 9, 10, 11 }, sd.Take(8));
        var g = new OpGraph();
        var mid = g.Intermediate();
        g.Op(BuiltinOperator.SpaceToDepth, [g.Input([1, 4, 4, 2], x)], [mid], new SpaceToDepthOptions { BlockSize = 2 });
        g.Op(BuiltinOperator.DepthToSpace, [mid], [g.Output()], new DepthToSpaceOptions { BlockSize = 2 });
        Assert.Equal(x, g.RunBothPaths().Values);

        var img = Iota(1 * 2 * 2 * 1);
        var (nn, _) = RunOne(BuiltinOperator.ResizeNearestNeighbor, [1, 2, 2, 1], img, new ResizeNearestNeighborOptions(), gg => gg.ConstInt([2], [4, 4]));
        Assert.Equal(new float[] { 0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3 }, nn);
        var (bl, _) = RunOne(BuiltinOperator.ResizeBilinear, [1, 2, 2, 1], img, new ResizeBilinearOptions(), gg => gg.ConstInt([2], [3, 3]));
        // Scale 2/3: rows at 0, 2/3, 4/3 (clamped to 1) -> values 0, 4/3, 2 along columns of row 0 are 0, 2/3, 1.
        Expect.Near([0, 2f / 3, 1, 4f / 3, 2, 7f / 3, 2, 8f / 3, 3], bl);
        var (ac, _) = RunOne(BuiltinOperator.ResizeBilinear, [1, 2, 2, 1], img, new ResizeBilinearOptions { AlignCorners = true }, gg => gg.ConstInt([2], [3, 3]));
        Expect.Near([0, 0.5f, 1, 1, 1.5f, 2, 2, 2.5f, 3], ac);
    }

    [Fact]
    public void Shape_arithmetic_is_computed_before_the_arena_for_dynamic_batches()
    {
        // y = RESHAPE(x, PACK(STRIDED_SLICE(SHAPE(x), 0, 1, shrink), 6)) as TF emits for Flatten with a dynamic batch.
        var g = new OpGraph();
        var x = g.Input([1, 2, 3], Iota(12));
        x.ShapeSignature = [-1, 2, 3];
        var shape = g.Intermediate(TensorType.Int32);
        var batch = g.Intermediate(TensorType.Int32);
        var packed = g.Intermediate(TensorType.Int32);
        g.Op(BuiltinOperator.Shape, [x], [shape]);
        g.Op(BuiltinOperator.StridedSlice, [shape, g.ConstInt([1], [0]), g.ConstInt([1], [1]), g.ConstInt([1], [1])], [batch], new StridedSliceOptions { ShrinkAxisMask = 1 });
        g.Op(BuiltinOperator.Pack, [batch, g.ConstInt([], [6])], [packed], new PackOptions { ValuesCount = 2 });
        g.Op(BuiltinOperator.Reshape, [x, packed], [g.Output()]);
        var interpreter = new TfLite.Core.Interpreter.Interpreter(g.Graph);
        interpreter.SetInput<float>(0, Iota(12));
        interpreter.Invoke();
        Assert.Equal(new[] { 2, 6 }, interpreter.GetOutputShape(0));
        Assert.Equal(Iota(12), interpreter.GetOutputArray<float>(0));
    }

    [Fact]
    public void Squeeze_expand_dims_cast_argmax_prelu()
    {
        var x = new float[] { 1.7f, -2.5f, 3.2f, 0.1f, -4.9f, 2f };
        Assert.Equal(new[] { 2, 3 }, RunOne(BuiltinOperator.Squeeze, [1, 2, 1, 3], x, new SqueezeOptions()).Shape);
        Assert.Equal(new[] { 2, 1, 3 }, RunOne(BuiltinOperator.ExpandDims, [2, 3], x, null, g => g.ConstInt([], [-2])).Shape);
        var g1 = new OpGraph();
        g1.Op(BuiltinOperator.Cast, [g1.Input([6], x)], [g1.Output(TensorType.Int32)]);
        Assert.Equal(new[] { 1, -2, 3, 0, -4, 2 }, g1.Run().GetOutputArray<int>(0));
        var g2 = new OpGraph();
        g2.Op(BuiltinOperator.ArgMax, [g2.Input([2, 3], x), g2.ConstInt([], [1])], [g2.Output(TensorType.Int64)]);
        Assert.Equal(new long[] { 2, 2 }, g2.Run().GetOutputArray<long>(0));
        var (pr, _) = RunOne(BuiltinOperator.Prelu, [2, 3], x, null, g => g.Const([3], [0.1f, 0.2f, 0.3f]));
        Expect.Exactly([1.7f, -2.5f * 0.2f, 3.2f, 0.1f, -4.9f * 0.2f, 2f], pr);
    }

    [Fact]
    public void Batch_matmul_broadcasts_batches_and_honours_adjoints()
    {
        var a = OpGraph.Random(2 * 3 * 4, 31);
        var b = OpGraph.Random(4 * 5, 32);
        var g = new OpGraph();
        g.Op(BuiltinOperator.BatchMatmul, [g.Input([2, 3, 4], a), g.Input([1, 5, 4], Transpose(b, 4, 5))], [g.Output()], new BatchMatMulOptions { AdjY = true });
        var (y, shape) = g.RunBothPaths();
        Assert.Equal(new[] { 2, 3, 5 }, shape);
        var expected = new float[2 * 3 * 5];
        for (int n = 0; n < 2; n++) for (int i = 0; i < 3; i++) for (int j = 0; j < 5; j++)
        {
            float s = 0;
            for (int k = 0; k < 4; k++) s += a[(n * 3 + i) * 4 + k] * b[k * 5 + j];
            expected[(n * 3 + i) * 5 + j] = s;
        }
        Expect.Exactly(expected, y);
    }

    private static float[] Transpose(float[] m, int rows, int cols)
    {
        var r = new float[m.Length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) r[j * rows + i] = m[i * cols + j];
        return r;
    }

    [Theory]
    [InlineData(Padding.Same, 2)]
    [InlineData(Padding.Valid, 2)]
    [InlineData(Padding.Same, 1)]
    public void Transpose_conv_scatters_through_the_filter(Padding padding, int stride)
    {
        int inH = 3, inW = 4, inC = 2, oc = 3, k = 3;
        int outH = padding == Padding.Same ? inH * stride : (inH - 1) * stride + k;
        int outW = padding == Padding.Same ? inW * stride : (inW - 1) * stride + k;
        var x = OpGraph.Random(inH * inW * inC, 33);
        var w = OpGraph.Random(oc * k * k * inC, 34);
        var bias = OpGraph.Random(oc, 35);
        var g = new OpGraph();
        g.Op(BuiltinOperator.TransposeConv, [g.ConstInt([4], [1, outH, outW, oc]), g.Const([oc, k, k, inC], w), g.Input([1, inH, inW, inC], x), g.Const([oc], bias)],
            [g.Output()], new TransposeConvOptions { Padding = padding, StrideH = stride, StrideW = stride });
        var (y, shape) = g.RunBothPaths();
        Assert.Equal(new[] { 1, outH, outW, oc }, shape);
        // Padding from the conv that this op inverts: that conv maps out -> in.
        int convH = padding == Padding.Same ? (outH + stride - 1) / stride : (outH - k + stride) / stride;
        int convW = padding == Padding.Same ? (outW + stride - 1) / stride : (outW - k + stride) / stride;
        int padH = Math.Max(((convH - 1) * stride + k - outH) / 2, 0), padW = Math.Max(((convW - 1) * stride + k - outW) / 2, 0);
        var expected = new float[outH * outW * oc];
        for (int oy = 0; oy < outH; oy++) for (int ox = 0; ox < outW; ox++) for (int o = 0; o < oc; o++)
        {
            float s = 0;
            for (int iy = 0; iy < inH; iy++) for (int ix = 0; ix < inW; ix++) for (int c = 0; c < inC; c++)
            {
                int fy = oy - (iy * stride - padH), fx = ox - (ix * stride - padW);
                if (fy >= 0 && fy < k && fx >= 0 && fx < k) s += x[(iy * inW + ix) * inC + c] * w[((o * k + fy) * k + fx) * inC + c];
            }
            expected[(oy * outW + ox) * oc + o] = s + bias[o];
        }
        Expect.Exactly(expected, y);
    }
}
