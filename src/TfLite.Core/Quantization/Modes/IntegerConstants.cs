using TfLite.Core.Graph;

namespace TfLite.Core.Quantization.Modes;

/// <summary>
/// Quantizes the float constants integer operators read: weights int8 symmetric (per output channel for
/// convolutions, per tensor or channel for FULLY_CONNECTED), biases int32 (int64 in 16x8 mode) with scale
/// input_scale × weight_scale and zero point 0, and any other constant with the operator's shared scale or its own
/// range. A constant that several operators read gets one copy per operator.
/// </summary>
internal sealed class IntegerConstants(Subgraph subgraph, IntegerPlan plan, QuantizationOptions options, TensorNames names)
{
    private readonly HashSet<Tensor> _taken = new(ReferenceEqualityComparer.Instance);

    /// <summary>Rewrites the float constant inputs of one integer operator.</summary>
    public void Quantize(Operator op, Func<Tensor, QuantizationParameters> activationParameters)
    {
        var weighted = IntegerOperators.WeightsOf(op.Code);
        SymmetricWeights? weights = null;
        if (weighted is { } w && op.Inputs[w.Weights] is { IsConstant: true, Type: TensorType.Float32 } wt)
        {
            // A fake-quantized FULLY_CONNECTED weight goes per channel: one scale for the whole tensor cannot hold a
            // grid that uses both ends of its asymmetric range, one per output channel mostly can.
            var perTensor = op.Code == BuiltinOperator.FullyConnected && !options.PerChannel && wt.WeightGrid is null;
            int? axis = perTensor ? null : w.Axis;
            weights = SymmetricWeights.Quantize(wt.GetData<float>(), wt.Shape, axis, legacyFloatScale: true, grid: wt.WeightGrid);
            Replace(op, w.Weights, TensorType.Int8, weights.Values, weights.Parameters());
        }
        for (var i = 0; i < op.Inputs.Count; i++)
        {
            if (op.Inputs[i] is not { IsConstant: true, Type: TensorType.Float32 } constant) continue;
            if (weighted is { } b && i == b.Bias && weights is not null)
                QuantizeBias(op, i, constant, weights, activationParameters(op.Inputs[IntegerOperators.ActivationInputOf(op.Code)]!));
            else
                QuantizeOther(op, i, constant);
        }
    }

    private void QuantizeBias(Operator op, int index, Tensor bias, SymmetricWeights weights, QuantizationParameters input)
    {
        var values = bias.GetData<float>();
        var scales = weights.Scales.Length == 1 ? [input.Scale[0] * weights.Scales[0]] : weights.Scales.Select(s => input.Scale[0] * s).ToArray();
        var q = new long[values.Length];
        var wide = plan.Activations == TensorType.Int16;
        long limit = wide ? long.MaxValue : int.MaxValue;
        for (var i = 0; i < values.Length; i++)
        {
            var s = scales[scales.Length == 1 ? 0 : i];
            var r = Math.Round((double)(values[i] / s), MidpointRounding.AwayFromZero);
            q[i] = r >= limit ? limit : r <= -limit ? -limit : (long)r;
        }
        var parameters = new QuantizationParameters { Scale = scales, ZeroPoint = new long[scales.Length], QuantizedDimension = 0 };
        if (wide) Replace(op, index, TensorType.Int64, q, parameters);
        else Replace(op, index, TensorType.Int32, q.Select(v => (int)v).ToArray(), parameters);
    }

    private void QuantizeOther(Operator op, int index, Tensor constant)
    {
        var values = constant.GetData<float>();
        var rule = IntegerOperators.RuleOf(op.Code);
        QuantizationParameters p;
        if (rule is OutputRule.SharedByAll or OutputRule.SameAsInput && plan.Parameters.TryGetValue(op.Outputs[0], out var shared))
            p = shared.Clone();
        else
        {
            var (min, max) = values.Length == 0 ? (0f, 0f) : (values.ToArray().Min(), values.ToArray().Max());
            p = ActivationParameters.FromRange(min, max, plan.Activations);
        }
        float scale = p.Scale[0], zero = p.ZeroPoint[0];
        if (plan.Activations == TensorType.Int16)
            Replace(op, index, TensorType.Int16, values.ToArray().Select(v => (short)Math.Clamp(MathF.Round(v / scale, MidpointRounding.AwayFromZero), -32767, 32767)).ToArray(), p);
        else
            Replace(op, index, TensorType.Int8, values.ToArray().Select(v => (sbyte)Math.Clamp(MathF.Round(v / scale, MidpointRounding.AwayFromZero) + zero, -128, 127)).ToArray(), p);
    }

    /// <summary>Stores quantized values in the constant itself when this operator alone reads it, else in a copy.</summary>
    private void Replace<T>(Operator op, int index, TensorType type, T[] values, QuantizationParameters parameters) where T : struct
    {
        var original = op.Inputs[index]!;
        var alone = GraphEdits.Consumers(subgraph, original).Count == 1 && op.Inputs.Count(i => ReferenceEquals(i, original)) == 1
                    && !GraphEdits.IsGraphOutput(subgraph, original) && _taken.Add(original);
        var target = alone ? original : subgraph.AddTensor(new Tensor(names.Derive(original.Name), type, (int[])original.Shape.Clone()));
        target.Type = type;
        target.SetData<T>(values);
        target.Quantization = parameters;
        op.Inputs[index] = target;
    }
}
