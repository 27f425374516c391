using System.Runtime.InteropServices;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using TfLite.Core.Graph;

namespace TfLite.Core.Transforms;

/// <summary>
/// Folds a constant per-output-channel (or scalar) MUL, DIV, ADD or SUB that directly follows a CONV_2D,
/// DEPTHWISE_CONV_2D, FULLY_CONNECTED or TRANSPOSE_CONV into that operator's weights and bias, as TensorFlow's
/// converter does with a lowered BatchNormalization (MUL by scale, then ADD of offset). The operator must have no
/// fused activation and its output no other reader; the folded op's activation moves onto it. A MUL/ADD after
/// anything else (e.g. a convolution with a fused ReLU) stays as it is.
/// </summary>
public sealed class FoldBatchNorm : IGraphPass
{
    private readonly bool _constantsUnshared;

    /// <summary>A pass that writes scaled weights into a new array.</summary>
    public FoldBatchNorm() : this(constantsUnshared: false)
    {
    }

    /// <param name="constantsUnshared">The graph's constant arrays are held by no other graph or caller, so weights
    /// that one tensor alone holds are scaled where they lie (a model-sized array less for a freshly imported model).</param>
    internal FoldBatchNorm(bool constantsUnshared) => _constantsUnshared = constantsUnshared;

    /// <inheritdoc />
    public string Name => "FoldBatchNorm";

    /// <inheritdoc />
    public bool Run(TfLiteGraph graph) => SubgraphRewriter.RewriteEach(graph, TryFold);

    private bool TryFold(SubgraphRewriter rewriter, Operator binary)
    {
        if (binary.Code is not (BuiltinOperator.Mul or BuiltinOperator.Div or BuiltinOperator.Add or BuiltinOperator.Sub)
            || binary.Inputs.Count != 2 || binary.Outputs.Count != 1
            || SplitOperands(binary) is not (Tensor x, Tensor constant)
            || rewriter.ProducerOf(x) is not { Outputs.Count: 1 } affine
            || AffineLayout.Of(affine.Code) is not { } layout
            || affine.Options is not IFusedActivationOptions { FusedActivation: ActivationFunction.None } affineOptions
            || !rewriter.IsOnlyReadBy(x, binary))
            return false;

        var output = binary.Outputs[0];
        var activation = (binary.Options as IFusedActivationOptions)?.FusedActivation ?? ActivationFunction.None;
        if (x.Type != TensorType.Float32 || output.Type != TensorType.Float32 || x.IsQuantized() || output.IsQuantized()
            || !Shape.AreEqual(x.Shape, output.Shape)
            // TensorFlow moves no activation onto TRANSPOSE_CONV, whose older kernels ignore it.
            || (affine.Code == BuiltinOperator.TransposeConv && activation != ActivationFunction.None))
            return false;

        var weights = affine.Inputs[layout.WeightsInput];
        if (!weights.IsFloatConstant() || weights!.Shape.Length == 0) return false;
                var channels = weights.Shape[layout.ChannelAxis(weights.Shape.Length)];
        if (channels <= 0) return false;
        var bias = layout.Bias(affine);
        if (bias is not null && (!bias.IsFloatConstant() || bias.ElementCount != channels)) return false;
        if (constant.AsPerChannel(channels, x.Shape.Length) is not { } values) return false;
        // x / 0 does not distribute over the weighted sum.
        if (binary.Code == BuiltinOperator.Div && values.Contains(0f)) return false;

        var newBias = bias?.GetData<float>().ToArray() ?? new float[channels];
        Func<float, float, float> combine = binary.Code switch
        {
            BuiltinOperator.Mul => (a, s) => a * s,
            BuiltinOperator.Div => (a, s) => a / s,
            BuiltinOperator.Add => (a, s) => a + s,
            _ => (a, s) => a - s,
        };
        for (var c = 0; c < channels; c++) newBias[c] = combine(newBias[c], values[c]);
        if (binary.Code is BuiltinOperator.Mul or BuiltinOperator.Div)
        {
            // Scaled straight into the bytes the constant will own: one pass and one array for the largest data.
            var newWeights = CanOverwrite(rewriter, weights) ? weights.Data! : new byte[weights.Data!.Length];
            ScaleAlongChannels(weights.GetData<float>(), MemoryMarshal.Cast<byte, float>(newWeights.AsSpan()), values, layout.ChannelsLast, binary.Code);
            var newRange = ScaledRange(weights.Quantization, values, combine, layout.ChannelAxis(weights.Shape.Length));
            SetConstantInput(rewriter, affine, layout.WeightsInput, weights, newWeights);
            if (newRange is not null) affine.Inputs[layout.WeightsInput]!.Quantization = newRange;
        }
        if (bias is null)
        {
            bias = rewriter.Subgraph.AddTensor(new Tensor(rewriter.UniqueName(output.Name + "_bias"), TensorType.Float32, [channels]));
            layout.SetBias(affine, bias);
            bias.SetData<float>(newBias);
        }
        else
        {
            SetConstantInput(rewriter, affine, layout.BiasInput, bias, newBias);
        }

        affine.Options = affineOptions.WithFusedActivation(activation);
        rewriter.Absorb(affine, x, binary);
        return true;
    }

    /// <summary>True when the weights' array may be scaled where it lies: the graph's arrays are unshared, this
    /// operator alone reads the tensor, and no other tensor of the graph holds the same array (a folded reshape may).</summary>
    private bool CanOverwrite(SubgraphRewriter rewriter, Tensor weights) =>
        _constantsUnshared && rewriter.ReaderCount(weights) == 1 && !rewriter.IsGraphOutput(weights)
        && !rewriter.Graph.Subgraphs.SelectMany(s => s.Tensors).Any(t => t != weights && ReferenceEquals(t.Data, weights.Data));

    /// <summary>The non-constant operand and the constant one; MUL and ADD take the constant on either side.</summary>
    private static (Tensor X, Tensor Constant)? SplitOperands(Operator binary)
    {
        var (a, b) = (binary.Inputs[0], binary.Inputs[1]);
        if (a is null || b is null) return null;
        if (!a.IsConstant && b.IsConstant) return (a, b);
        if (a.IsConstant && !b.IsConstant && binary.Code is BuiltinOperator.Mul or BuiltinOperator.Add) return (b, a);
        return null;
    }

    // Each element is read before it is written, so scaled may be weights itself. MUL and DIV (the only callers) run
    // through TensorPrimitives, whose vector lanes round each product or quotient exactly as the scalar operator does.
    private static void ScaleAlongChannels(ReadOnlySpan<float> weights, Span<float> scaled, float[] perChannel, bool channelsLast,
        BuiltinOperator code)
    {
        var channels = perChannel.Length;
        var inner = weights.Length / channels;
        if (channelsLast)
        {
            for (var i = 0; i < weights.Length; i += channels)
                if (code == BuiltinOperator.Mul) TensorPrimitives.Multiply(weights.Slice(i, channels), perChannel, scaled.Slice(i, channels));
                else TensorPrimitives.Divide(weights.Slice(i, channels), perChannel, scaled.Slice(i, channels));
            return;
        }
        for (var c = 0; c < channels; c++)
            if (code == BuiltinOperator.Mul) TensorPrimitives.Multiply(weights.Slice(c * inner, inner), perChannel[c], scaled.Slice(c * inner, inner));
            else TensorPrimitives.Divide(weights.Slice(c * inner, inner), perChannel[c], scaled.Slice(c * inner, inner));
    }

    /// <summary>
    /// A recorded weight range (quantization-aware training) scaled with the weights, so it still bounds them: one
    /// pair per channel (a per-tensor range becomes per channel), ends swapped where the factor is negative.
    /// Null when the weights carry no range.
    /// </summary>
    private static QuantizationParameters? ScaledRange(QuantizationParameters? range, float[] perChannel,
        Func<float, float, float> combine, int channelAxis)
    {
        if (range is not { Min: { } min, Max: { } max } || min.Length != max.Length || (min.Length != 1 && min.Length != perChannel.Length))
            return null;
        var (newMin, newMax) = (new float[perChannel.Length], new float[perChannel.Length]);
        for (var c = 0; c < perChannel.Length; c++)
        {
            var (lo, hi) = (combine(min[min.Length == 1 ? 0 : c], perChannel[c]), combine(max[max.Length == 1 ? 0 : c], perChannel[c]));
            (newMin[c], newMax[c]) = lo <= hi ? (lo, hi) : (hi, lo);
        }
        return new QuantizationParameters { Min = newMin, Max = newMax, QuantizedDimension = channelAxis };
    }

    /// <summary>Writes new values for a constant input: in place when only this operator reads it, else into a copy.</summary>
    private static void SetConstantInput(SubgraphRewriter rewriter, Operator op, int slot, Tensor constant, float[] values) =>
        SetConstantInput(rewriter, op, slot, constant, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>As above with bytes that the constant takes over without a copy: a new array, or the constant's own
    /// where <see cref="CanOverwrite"/> allowed scaling it in place.</summary>
    private static void SetConstantInput(SubgraphRewriter rewriter, Operator op, int slot, Tensor constant, byte[] data)
    {
        if (rewriter.ReaderCount(constant) == 1 && !rewriter.IsGraphOutput(constant))
        {
            constant.Data = data;
            return;
        }
        var copy = rewriter.Subgraph.AddTensor(new Tensor(rewriter.UniqueName(constant.Name + "_folded"), constant.Type, (int[])constant.Shape.Clone()));
        copy.Data = data;
        op.Inputs[slot] = copy;
    }
}
