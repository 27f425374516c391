using TfLite.Core.Graph;
using TfLite.Core.Transforms;
using Xunit;

namespace TfLite.Core.Tests.Transforms;

public class FoldConstantsTests
{
    /// <summary>Builds op(constants...) -> TANH(graph output) and folds; returns the folded tensor.</summary>
    private static Tensor Fold(Func<GraphBuilder, Tensor> build, bool f16 = false)
    {
        var g = new GraphBuilder();
        var folded = build(g);
        g.Output(g.Apply(BuiltinOperator.Tanh, null, folded.Shape, folded));
        Assert.True(new FoldConstants(f16).Run(g.Graph));
        var tanh = Assert.Single(g.Main.Operators);
        Assert.Same(folded, tanh.Inputs[0]);
        Assert.True(folded.IsConstant);
        Assert.Null(folded.ShapeSignature);
        // Only the folded constant and the TANH output are left: the inputs went with the operator.
        Assert.Equal(2, g.Main.Tensors.Count);
        return folded;
    }

    private static void NotFolded(Func<GraphBuilder, Tensor> build, bool f16 = false)
    {
        var g = new GraphBuilder();
        var t = build(g);
        g.Output(g.Apply(BuiltinOperator.Tanh, null, t.Shape, t));
        Assert.False(new FoldConstants(f16).Run(g.Graph));
        Assert.Equal(2, g.Main.Operators.Count);
        Assert.False(t.IsConstant);
    }

    private static Tensor Typed(GraphBuilder g, BuiltinOperator code, OperatorOptions? options, TensorType type, int[] shape, params Tensor?[] inputs)
    {
        var output = g.Typed($"out_{code}", type, shape);
        g.Op(code, options, inputs, output);
        return output;
    }

    [Fact]
    public void Transpose_moves_elements_by_the_permutation()
    {
        var t = Fold(g => g.Apply(BuiltinOperator.Transpose, null, [3, 2], g.Constant("a", [2, 3], 1, 2, 3, 4, 5, 6), g.IntConstant("perm", [2], 1, 0)));
        Assert.Equal([3, 2], t.Shape);
        Assert.Equal([1f, 4, 2, 5, 3, 6], t.GetData<float>().ToArray());
    }

    [Fact]
    public void Transpose_of_rank_three()
    {
        // a[i,j,k] = 100i + 10j + k with shape [2,3,2]; perm (2,0,1) gives out[k,i,j] = a[i,j,k].
        var values = new float[12];
        for (var i = 0; i < 2; i++) for (var j = 0; j < 3; j++) for (var k = 0; k < 2; k++) values[(i * 3 + j) * 2 + k] = 100 * i + 10 * j + k;
        var t = Fold(g => g.Apply(BuiltinOperator.Transpose, null, [2, 2, 3], g.Constant("a", [2, 3, 2], values), g.IntConstant("perm", [3], 2, 0, 1)));
        Assert.Equal([2, 2, 3], t.Shape);
        Assert.Equal([0f, 10, 20, 100, 110, 120, 1, 11, 21, 101, 111, 121], t.GetData<float>().ToArray());
    }

    [Fact]
    public void Reshape_resolves_minus_one()
    {
        var t = Fold(g => g.Apply(BuiltinOperator.Reshape, null, [3, 2], g.Constant("a", [6], 1, 2, 3, 4, 5, 6), g.IntConstant("shape", [2], -1, 2)));
        Assert.Equal([3, 2], t.Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6], t.GetData<float>().ToArray());
    }

    [Fact]
    public void Expand_dims_and_squeeze_change_only_the_shape()
    {
        Assert.Equal([2, 1, 3], Fold(g => g.Apply(BuiltinOperator.ExpandDims, null, [2, 1, 3], g.Constant("a", [2, 3], 1, 2, 3, 4, 5, 6), g.IntConstant("axis", [], -2))).Shape);
        Assert.Equal([2, 3], Fold(g => g.Apply(BuiltinOperator.Squeeze, new SqueezeOptions { SqueezeDims = [0, 2] }, [2, 3], g.Constant("a", [1, 2, 1, 3], 1, 2, 3, 4, 5, 6))).Shape);
    }

    [Fact]
    public void Add_broadcasts_a_row_over_a_matrix()
    {
        var t = Fold(g => g.Apply(BuiltinOperator.Add, new AddOptions(), [2, 3], g.Constant("a", [2, 3], 1, 2, 3, 4, 5, 6), g.Constant("b", [3], 10, 20, 30)));
        Assert.Equal([11f, 22, 33, 14, 25, 36], t.GetData<float>().ToArray());
    }

    [Fact]
    public void Sub_and_mul_broadcast_both_ways()
    {
        var sub = Fold(g => g.Apply(BuiltinOperator.Sub, new SubOptions(), [2, 2], g.Constant("a", [2, 1], 10, 20), g.Constant("b", [1, 2], 1, 2)));
        Assert.Equal([9f, 8, 19, 18], sub.GetData<float>().ToArray());
        var mul = Fold(g => g.Apply(BuiltinOperator.Mul, new MulOptions(), [2], g.Constant("a", [2], 1.5f, -2), g.Constant("b", [], 4)));
        Assert.Equal([6f, -8], mul.GetData<float>().ToArray());
    }

    [Fact]
    public void A_fused_activation_clamps_the_result()
    {
        var t = Fold(g => g.Apply(BuiltinOperator.Add, new AddOptions { FusedActivation = ActivationFunction.Relu6 }, [3], g.Constant("a", [3], -5, 3, 9), g.Constant("b", [3], 1, 1, 1)));
        Assert.Equal([0f, 4, 6], t.GetData<float>().ToArray());
    }

    [Fact]
    public void Integer_division_truncates_toward_zero_and_division_by_zero_is_left_alone()
    {
        var t = Fold(g => Typed(g, BuiltinOperator.Div, new DivOptions(), TensorType.Int32, [3], g.IntConstant("a", [3], -7, 7, 9), g.IntConstant("b", [3], 2, -2, 3)));
        Assert.Equal([-3, -3, 3], t.GetData<int>().ToArray());
        NotFolded(g => Typed(g, BuiltinOperator.Div, new DivOptions(), TensorType.Int32, [2], g.IntConstant("a", [2], 1, 2), g.IntConstant("b", [2], 1, 0)));
    }

    [Fact]
    public void Float_division_by_zero_gives_the_clamped_infinity_of_tflite_kernels()
    {
        var t = Fold(g => g.Apply(BuiltinOperator.Div, new DivOptions(), [2], g.Constant("a", [2], 1, -1), g.Constant("b", [], 0)));
        Assert.Equal([float.MaxValue, float.MinValue], t.GetData<float>().ToArray());
    }

    [Fact]
    public void Maximum_minimum_and_unary_math()
    {
        Assert.Equal([3f, 2], Fold(g => g.Apply(BuiltinOperator.Maximum, null, [2], g.Constant("a", [2], 3, -1), g.Constant("b", [2], 1, 2))).GetData<float>().ToArray());
        Assert.Equal([1f, -1], Fold(g => g.Apply(BuiltinOperator.Minimum, null, [2], g.Constant("a", [2], 3, -1), g.Constant("b", [2], 1, 2))).GetData<float>().ToArray());
        Assert.Equal([0.5f, 0.25f], Fold(g => g.Apply(BuiltinOperator.Rsqrt, null, [2], g.Constant("a", [2], 4, 16))).GetData<float>().ToArray());
        Assert.Equal([3f, 4], Fold(g => g.Apply(BuiltinOperator.Sqrt, null, [2], g.Constant("a", [2], 9, 16))).GetData<float>().ToArray());
        Assert.Equal([-2, 5], Fold(g => Typed(g, BuiltinOperator.Neg, null, TensorType.Int32, [2], g.IntConstant("a", [2], 2, -5))).GetData<int>().ToArray());
    }

    [Fact]
    public void Concatenation_along_an_inner_axis()
    {
        var t = Fold(g => g.Apply(BuiltinOperator.Concatenation, new ConcatenationOptions { Axis = -1 }, [2, 3],
            g.Constant("a", [2, 1], 1, 2), g.Constant("b", [2, 2], 3, 4, 5, 6)));
        Assert.Equal([2, 3], t.Shape);
        Assert.Equal([1f, 3, 4, 2, 5, 6], t.GetData<float>().ToArray());
    }

    [Fact]
    public void Pack_stacks_along_a_new_axis()
    {
        var first = Fold(g => Typed(g, BuiltinOperator.Pack, new PackOptions { ValuesCount = 2, Axis = 0 }, TensorType.Int32, [2, 2], g.IntConstant("a", [2], 1, 2), g.IntConstant("b", [2], 3, 4)));
        Assert.Equal([2, 2], first.Shape);
        Assert.Equal([1, 2, 3, 4], first.GetData<int>().ToArray());
        var inner = Fold(g => Typed(g, BuiltinOperator.Pack, new PackOptions { ValuesCount = 2, Axis = 1 }, TensorType.Int32, [2, 2], g.IntConstant("a", [2], 1, 2), g.IntConstant("b", [2], 3, 4)));
        Assert.Equal([1, 3, 2, 4], inner.GetData<int>().ToArray());
    }

    [Fact]
    public void Cast_truncates_floats_and_refuses_values_out_of_range()
    {
        var t = Fold(g => Typed(g, BuiltinOperator.Cast, null, TensorType.Int32, [3], g.Constant("a", [3], -1.7f, 2.9f, 0.2f)));
        Assert.Equal([-1, 2, 0], t.GetData<int>().ToArray());
        var f = Fold(g => g.Apply(BuiltinOperator.Cast, null, [2], g.IntConstant("a", [2], -3, 7)));
        Assert.Equal([-3f, 7], f.GetData<float>().ToArray());
        NotFolded(g => Typed(g, BuiltinOperator.Cast, null, TensorType.Int8, [2], g.Constant("a", [2], 1, 300)));
    }

    [Fact]
    public void Float16_dequantize_folds_only_when_asked()
    {
        static Tensor Build(GraphBuilder g)
        {
            var half = g.Main.AddTensor(Tensor.Constant<Half>("h", TensorType.Float16, [3], [(Half)0.5f, (Half)(-2f), (Half)1.5f]));
            return g.Apply(BuiltinOperator.Dequantize, null, [3], half);
        }
        NotFolded(Build);
        Assert.Equal([0.5f, -2f, 1.5f], Fold(Build, f16: true).GetData<float>().ToArray());
    }

    [Fact]
    public void Shape_of_a_fully_known_tensor_is_a_constant()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 2, 3, 4);
        var shape = g.Typed("shape", TensorType.Int32, 3);
        g.Op(BuiltinOperator.Shape, null, [x], shape);
        g.Output(g.Apply(BuiltinOperator.Reshape, null, [2, 3, 4], x, shape));

        Assert.True(new FoldConstants().Run(g.Graph));

        Assert.Equal([BuiltinOperator.Reshape], g.Codes);
        Assert.Equal([2, 3, 4], shape.GetData<int>().ToArray());
    }

    [Fact]
    public void Shape_of_a_tensor_with_a_dynamic_batch_is_left_alone()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 3);
        x.ShapeSignature = [-1, 3];
        var shape = g.Typed("shape", TensorType.Int32, 2);
        g.Op(BuiltinOperator.Shape, null, [x], shape);
        g.Output(g.Apply(BuiltinOperator.Reshape, null, [1, 3], x, shape));
        Assert.False(new FoldConstants().Run(g.Graph));
    }

    [Fact]
    public void Graph_outputs_quantized_tensors_and_runtime_inputs_are_not_folded()
    {
        var g = new GraphBuilder();
        var output = g.Apply(BuiltinOperator.Add, new AddOptions(), [1], g.Constant("a", [1], 1), g.Constant("b", [1], 2));
        g.Output(output);
        g.Output(g.Apply(BuiltinOperator.Add, new AddOptions(), [1], g.Input("x", 1), g.Constant("c", [1], 2)));
        var q = g.Main.AddTensor(Tensor.Constant<sbyte>("q", TensorType.Int8, [1], [(sbyte)3]));
        q.Quantization = QuantizationParameters.PerTensor(0.5f, 0);
        var qOut = g.Typed("q_out", TensorType.Int8, 1);
        qOut.Quantization = QuantizationParameters.PerTensor(0.5f, 0);
        g.Op(BuiltinOperator.Reshape, new ReshapeOptions { NewShape = [1] }, [q], qOut);
        g.Output(g.Apply(BuiltinOperator.Dequantize, null, [1], qOut));

        Assert.False(new FoldConstants().Run(g.Graph));
        Assert.Equal(4, g.Main.Operators.Count);
    }

    [Fact]
    public void Chains_of_constant_operators_fold_completely_in_the_pipeline()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 2, 2);
        var t = g.Apply(BuiltinOperator.Transpose, null, [2, 2], g.Constant("a", [2, 2], 1, 2, 3, 4), g.IntConstant("perm", [2], 1, 0));
        var scaled = g.Apply(BuiltinOperator.Mul, new MulOptions(), [2, 2], t, g.Constant("k", [], 10));
        g.Output(g.Apply(BuiltinOperator.Add, new AddOptions(), [2, 2], x, scaled));

        ConverterPasses.Apply(g.Graph);

        var add = Assert.Single(g.Main.Operators);
        Assert.Equal([10f, 30, 20, 40], add.Inputs[1]!.GetData<float>().ToArray());
        Assert.Equal(3, g.Main.Tensors.Count);
    }

    [Fact]
    public void A_broadcast_too_large_to_hold_stays_an_operator()
    {
        NotFolded(g => g.Apply(BuiltinOperator.Add, new AddOptions(), [100000, 100000],
            g.Constant("a", [100000, 1], new float[100000]), g.Constant("b", [1, 100000], new float[100000])));
    }

    [Fact]
    public void Malformed_constants_are_not_folded()
    {
        NotFolded(g =>
        {
            var shortData = g.Constant("a", [2], 1, 2);
            shortData.Shape = [3];
            return g.Apply(BuiltinOperator.Neg, null, [3], shortData);
        });
        NotFolded(g =>
        {
            var negative = g.Constant("a", [2], 1, 2);
            negative.Shape = [-2];
            return g.Apply(BuiltinOperator.Concatenation, new ConcatenationOptions(), [2], negative);
        });
    }

    [Fact]
    public void Empty_constants_concatenate_without_trouble()
    {
        var t = Fold(g => g.Apply(BuiltinOperator.Concatenation, new ConcatenationOptions { Axis = 0 }, [2, 2],
            g.Constant("a", [0, 2]), g.Constant("b", [2, 2], 1, 2, 3, 4)));
        Assert.Equal([2, 2], t.Shape);
        Assert.Equal([1f, 2, 3, 4], t.GetData<float>().ToArray());
    }
}
