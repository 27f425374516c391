using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>
/// GRU, always unrolled into builtin operators. TensorFlow lowers a Keras GRU to a WHILE loop over a body subgraph;
/// TFLite has no fused GRU operator, and a written-out loop keeps the model to one subgraph of plain operators that
/// every runtime and quantizer handles. Per step, gates z, r, h from the kernel blocks in Keras order:
/// reset_after=true (bias [2, 3U]): <c>h~ = act(x Wh + bx_h + r * (h Rh + bh_h))</c>;
/// reset_after=false (bias [3U]): <c>h~ = act(x Wh + b_h + (r * h) Rh)</c>; then <c>h = h~ + z * (h - h~)</c>.
/// </summary>
public sealed class GruConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["GRU"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c)
    {
        // Keras 3 and tf.keras 2 default to reset_after=True; Keras 2 configs always write the option.
        var resetAfter = c.Config.GetBool("reset_after", c.KerasVersion.Major >= 3);
        var r = RecurrentLayer.Read(c, 3, columns => resetAfter ? [2, columns] : [columns]);
        return resetAfter ? ResetAfter(r) : ResetBefore(r);
    }

    private static IReadOnlyList<Tensor> ResetAfter(RecurrentLayer r)
    {
        var c = r.Context;
        var recurrentWeights = r.GateWeights(r.RecurrentKernel, 0, 3);
        var recurrentBias = r.GateBias(0, 3, row: 1);
        return RecurrentUnroller.Run(r, r.GateWeights(r.Kernel, 0, 3), r.GateBias(0, 3), 1, (s, x, states) =>
        {
            var h = states[0];
            var xg = RecurrentOps.SplitGates(c, x, 3, $"step{s}/input_gate");
            // A zero state leaves only the recurrent bias of each gate.
            IReadOnlyList<Tensor?> hg = h is not null
                ? RecurrentOps.SplitGates(c, RecurrentOps.Project(c, h, recurrentWeights, 3 * r.Units, recurrentBias, $"step{s}/recurrent"), 3, $"step{s}/recurrent_gate").ToList<Tensor?>()
                : Enumerable.Range(0, 3).Select(k => recurrentBias is null ? null
                    : c.Constant(recurrentBias.AsSpan(k * r.Units, r.Units).ToArray(), [r.Units], $"recurrent_bias{k}")).ToList();
            var z = Activations.Apply(c, RecurrentOps.AddOptional(c, xg[0], hg[0]), r.RecurrentActivation);
            var reset = Activations.Apply(c, RecurrentOps.AddOptional(c, xg[1], hg[1]), r.RecurrentActivation);
            var gated = hg[2] is null ? null : c.Binary(BuiltinOperator.Mul, reset, hg[2]!);
            var candidate = Activations.Apply(c, RecurrentOps.AddOptional(c, xg[2], gated), r.Activation);
            return [Blend(c, z, candidate, h)];
        });
    }

    private static IReadOnlyList<Tensor> ResetBefore(RecurrentLayer r)
    {
        var c = r.Context;
        var updateResetWeights = r.GateWeights(r.RecurrentKernel, 0, 2);
        var candidateWeights = r.GateWeights(r.RecurrentKernel, 2);
        return RecurrentUnroller.Run(r, r.GateWeights(r.Kernel, 0, 3), r.GateBias(0, 3), 1, (s, x, states) =>
        {
            var h = states[0];
            var xg = RecurrentOps.SplitGates(c, x, 3, $"step{s}/input_gate");
            if (h is null)
            {
                // A zero state: no recurrent terms, and the reset gate multiplies zero.
                var z0 = Activations.Apply(c, xg[0], r.RecurrentActivation);
                return [Blend(c, z0, Activations.Apply(c, xg[2], r.Activation), null)];
            }
            var hg = RecurrentOps.SplitGates(c, RecurrentOps.Project(c, h, updateResetWeights, 2 * r.Units, null, $"step{s}/recurrent"), 2, $"step{s}/recurrent_gate");
            var z = Activations.Apply(c, c.Binary(BuiltinOperator.Add, xg[0], hg[0]), r.RecurrentActivation);
            var reset = Activations.Apply(c, c.Binary(BuiltinOperator.Add, xg[1], hg[1]), r.RecurrentActivation);
            var resetState = c.Binary(BuiltinOperator.Mul, reset, h);
            var recurrentCandidate = RecurrentOps.Project(c, resetState, candidateWeights, r.Units, null, $"step{s}/recurrent_candidate");
            var candidate = Activations.Apply(c, c.Binary(BuiltinOperator.Add, xg[2], recurrentCandidate), r.Activation);
            return [Blend(c, z, candidate, h)];
        });
    }

    /// <summary><c>z * h + (1 - z) * h~</c> as <c>h~ + z * (h - h~)</c>; <c>h~ - z * h~</c> for a zero state.</summary>
    private static Tensor Blend(LayerContext c, Tensor z, Tensor candidate, Tensor? h) => h is null
        ? c.Binary(BuiltinOperator.Sub, candidate, c.Binary(BuiltinOperator.Mul, z, candidate))
        : c.Binary(BuiltinOperator.Add, candidate, c.Binary(BuiltinOperator.Mul, z, c.Binary(BuiltinOperator.Sub, h, candidate)));
}
