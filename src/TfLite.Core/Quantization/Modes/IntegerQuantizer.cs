using TfLite.Core.Graph;

namespace TfLite.Core.Quantization.Modes;

/// <summary>
/// Int8 and Int16x8 modes: integer operators (<see cref="IntegerPlan"/>) get integer activations, weights and
/// biases; the others stay float behind DEQUANTIZE/QUANTIZE pairs. At the graph boundary float inputs get a QUANTIZE
/// and float outputs a DEQUANTIZE that writes the original output tensor (TensorFlow's layout); integer inputs and
/// outputs take the type asked for (uint8 through a QUANTIZE that moves the zero point by 128).
/// Other subgraphs than the main one stay float.
/// </summary>
internal sealed class IntegerQuantizer
{
    private readonly Subgraph _subgraph;
    private readonly QuantizationOptions _options;
    private readonly IntegerPlan _plan;
    private readonly TensorNames _names;
    private readonly Dictionary<Tensor, Tensor> _intView = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Tensor, Tensor> _floatView = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(Tensor, float, long), Tensor> _requantized = [];
    private readonly List<Operator> _ordered = [];

    private IntegerQuantizer(Subgraph subgraph, QuantizationOptions options, IntegerPlan plan)
    {
        _subgraph = subgraph;
        _options = options;
        _plan = plan;
        _names = new TensorNames(subgraph);
    }

    private TensorType Activations => _plan.Activations;

    /// <summary>Rewrites the main subgraph of <paramref name="graph"/> in place.</summary>
    public static void Apply(TfLiteGraph graph, QuantizationOptions options)
    {
        var activations = options.Mode == QuantizationMode.Int16x8 ? TensorType.Int16 : TensorType.Int8;
        var plan = IntegerPlan.Make(graph.Main, options, activations);
        new IntegerQuantizer(graph.Main, options, plan).Rewrite();
    }

    private void Rewrite()
    {
        var constants = new IntegerConstants(_subgraph, _plan, _options, _names);
        foreach (var input in _subgraph.Inputs.ToList()) PrepareInput(input);
        foreach (var op in _subgraph.Operators.ToList())
        {
            var integer = _plan.IntegerOps.Contains(op);
            if (integer)
            {
                constants.Quantize(op, t => _plan.Parameters[t]);
                for (var i = 0; i < op.Inputs.Count; i++)
                    if (op.Inputs[i] is { IsConstant: false } t && _plan.Parameters.ContainsKey(t))
                        op.Inputs[i] = SharedScale(op, IntView(t));
            }
            else
            {
                for (var i = 0; i < op.Inputs.Count; i++)
                    if (op.Inputs[i] is { } t && _intView.ContainsKey(t) && !_floatView.ContainsKey(t)) op.Inputs[i] = FloatView(t);
                    else if (op.Inputs[i] is { } u && _floatView.TryGetValue(u, out var f)) op.Inputs[i] = f;
            }
            _ordered.Add(op);
            if (integer) foreach (var output in op.Outputs.ToList()) PrepareOutput(op, output);
            if (integer) AdjustOptions(op);
        }
        _subgraph.Operators.Clear();
        _subgraph.Operators.AddRange(_ordered);
        GraphEdits.DropUnusedConstants(_subgraph);
    }

    /// <summary>Graph inputs that integer operators read: retyped in place (Int8/Int16), or kept float/uint8 with
    /// a QUANTIZE twin.</summary>
    private void PrepareInput(Tensor input)
    {
        if (!_plan.Parameters.TryGetValue(input, out var p)) return;
        switch (_options.InputType)
        {
            case TensorType.Float32:
                _floatView[input] = input;
                break;
            case TensorType.UInt8:
                var twin = NewTensor(input, Activations, p);
                input.Type = TensorType.UInt8;
                input.Quantization = ActivationParameters.ToUInt8(p);
                _ordered.Add(new Operator(BuiltinOperator.Quantize, [input], [twin]));
                _intView[input] = twin;
                break;
            default:
                input.Type = Activations;
                input.Quantization = p.Clone();
                _intView[input] = input;
                break;
        }
    }

    /// <summary>Outputs of an integer operator: retyped in place, except graph outputs that stay float (a DEQUANTIZE
    /// writes them) or become uint8 (a QUANTIZE writes them).</summary>
    private void PrepareOutput(Operator op, Tensor output)
    {
        var p = _plan.Parameters[output];
        var graphOutput = GraphEdits.IsGraphOutput(_subgraph, output);
        if (!graphOutput || _options.OutputType is TensorType.Int8 or TensorType.Int16)
        {
            output.Type = Activations;
            output.Quantization = p.Clone();
            _intView[output] = output;
            return;
        }
        var q = NewTensor(output, Activations, p);
        op.Outputs[op.Outputs.IndexOf(output)] = q;
        _intView[output] = q;
        if (_options.OutputType == TensorType.UInt8)
        {
            output.Type = TensorType.UInt8;
            output.Quantization = ActivationParameters.ToUInt8(p);
            _ordered.Add(new Operator(BuiltinOperator.Quantize, [q], [output]) { SourceLayer = op.SourceLayer });
        }
        else
        {
            _ordered.Add(new Operator(BuiltinOperator.Dequantize, [q], [output]) { SourceLayer = op.SourceLayer });
            _floatView[output] = output;
        }
    }

    /// <summary>The integer tensor for <paramref name="t"/>, quantizing a float one first where needed.</summary>
    private Tensor IntView(Tensor t)
    {
        if (_intView.TryGetValue(t, out var v)) return v;
        var q = NewTensor(t, Activations, _plan.Parameters[t]);
        _ordered.Add(new Operator(BuiltinOperator.Quantize, [_floatView.GetValueOrDefault(t, t)], [q]));
        _floatView.TryAdd(t, t);
        return _intView[t] = q;
    }

    /// <summary>The float tensor for an integer <paramref name="t"/>, through one DEQUANTIZE.</summary>
    private Tensor FloatView(Tensor t)
    {
        var f = GraphEdits.AddActivation(_subgraph, _names.Derive(t.Name), TensorType.Float32, t);
        _ordered.Add(new Operator(BuiltinOperator.Dequantize, [_intView[t]], [f]));
        return _floatView[t] = f;
    }

    /// <summary>Inputs of operators whose inputs must share the output's scale are requantized when they differ.</summary>
    private Tensor SharedScale(Operator op, Tensor input)
    {
        if (IntegerOperators.RuleOf(op.Code) != OutputRule.SharedByAll) return input;
        var target = _plan.Parameters[op.Outputs[0]];
        var have = input.Quantization!;
        if (have.Scale[0] == target.Scale[0] && have.ZeroPoint[0] == target.ZeroPoint[0]) return input;
        var key = (input, target.Scale[0], target.ZeroPoint[0]);
        if (_requantized.TryGetValue(key, out var done)) return done;
        var q = NewTensor(input, Activations, target);
        _ordered.Add(new Operator(BuiltinOperator.Quantize, [input], [q]) { SourceLayer = op.SourceLayer });
        return _requantized[key] = q;
    }

    private void AdjustOptions(Operator op)
    {
        // General (not power-of-two) int16 scales need the pot_scale_int16 = false kernels.
        if (Activations != TensorType.Int16) return;
        op.Options = op.Options switch
        {
            AddOptions a => a with { PotScaleInt16 = false },
            SubOptions s => s with { PotScaleInt16 = false },
            _ => op.Options,
        };
    }

    private Tensor NewTensor(Tensor like, TensorType type, QuantizationParameters p) =>
        GraphEdits.AddActivation(_subgraph, _names.Derive(like.Name), type, like, p.Clone());
}
