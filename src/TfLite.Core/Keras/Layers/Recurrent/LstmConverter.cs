using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>
/// LSTM. Fused (default): UNIDIRECTIONAL_SEQUENCE_LSTM as TensorFlow's converter emits it — 24 inputs with the
/// gate weights split i, f, c, o and transposed to [U, F] and [U, U], four gate biases, null peephole, projection and
/// layer-norm inputs, output and cell state as zero-initialised variable tensors, batch-major, cell clip 10 (TF's
/// value), then STRIDED_SLICE of the last step without return_sequences and REVERSE_V2 of the input for
/// go_backwards. Unrolled: the Keras cell equations per step in builtin operators (see
/// <see cref="RecurrentUnroller"/>).
/// </summary>
public sealed class LstmConverter : ILayerConverter
{
    /// <summary>TensorFlow's converter clips the cell state of a Keras LSTM at this value.</summary>
    private const float TensorFlowCellClip = 10f;

    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["LSTM"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c) => RecurrentLayer.Read(c, 4).Lower(Fused, Unrolled);

    private static IReadOnlyList<Tensor> Fused(RecurrentLayer r)
    {
        var c = r.Context;
        if (r.RecurrentActivation != "sigmoid")
            throw c.Unsupported($"option recurrent_activation={r.RecurrentActivation} has no fused lowering (the kernel's gates are sigmoid); import with RecurrentLowering Unrolled");
        var activation = FusedActivations.Of(c, r.Activation);
        if (r.ReturnState)
            throw c.Unsupported("option return_state=true has no fused lowering (the cell state stays inside the operator); import with RecurrentLowering Unrolled");
        string[] gates = ["input", "forget", "cell", "output"];
        var input = r.GoBackwards ? RecurrentOps.ReverseTime(c, c.Input) : c.Input;
        var inputs = new List<Tensor?> { input };
        inputs.AddRange(gates.Select((g, k) => c.Constant(r.GateWeights(r.Kernel, k), [r.Units, r.Features], $"input_to_{g}_weights")));
        inputs.AddRange(gates.Select((g, k) => c.Constant(r.GateWeights(r.RecurrentKernel, k), [r.Units, r.Units], $"recurrent_to_{g}_weights")));
        inputs.AddRange([null, null, null]);
        inputs.AddRange(gates.Select((g, k) => c.Constant(r.GateBias(k) ?? new float[r.Units], [r.Units], $"{g}_gate_bias")));
        inputs.AddRange([null, null]);
        inputs.Add(c.NewVariable(r.StateDims, "output_state"));
        inputs.Add(c.NewVariable(r.StateDims, "cell_state"));
        inputs.AddRange([null, null, null, null]);
        var sequence = c.Emit(BuiltinOperator.UnidirectionalSequenceLstm, inputs, r.SequenceDims,
            new UnidirectionalSequenceLstmOptions { FusedActivation = activation, CellClip = TensorFlowCellClip }, "sequence");
        return [r.ReturnSequences ? sequence : RecurrentOps.LastStep(c, sequence)];
    }

    private static IReadOnlyList<Tensor> Unrolled(RecurrentLayer r)
    {
        var c = r.Context;
        var recurrentWeights = r.GateWeights(r.RecurrentKernel, 0, 4);
        return RecurrentUnroller.Run(r, r.GateWeights(r.Kernel, 0, 4), r.GateBias(0, 4), 2, (s, x, states) =>
        {
            var (h, cell) = (states[0], states[1]);
            var z = RecurrentOps.AddOptional(c, x, h is null ? null : RecurrentOps.Project(c, h, recurrentWeights, 4 * r.Units, null, $"step{s}/recurrent"));
            var g = RecurrentOps.SplitGates(c, z, 4, $"step{s}/gate");
            var i = Activations.Apply(c, g[0], r.RecurrentActivation);
            var f = Activations.Apply(c, g[1], r.RecurrentActivation);
            var candidate = Activations.Apply(c, g[2], r.Activation);
            var o = Activations.Apply(c, g[3], r.RecurrentActivation);
            var update = c.Binary(BuiltinOperator.Mul, i, candidate);
            var newCell = cell is null ? update : c.Binary(BuiltinOperator.Add, c.Binary(BuiltinOperator.Mul, f, cell), update);
            var newHidden = c.Binary(BuiltinOperator.Mul, o, Activations.Apply(c, newCell, r.Activation));
            return [newHidden, newCell];
        });
    }
}
