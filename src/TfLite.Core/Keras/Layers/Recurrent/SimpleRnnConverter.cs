using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>
/// SimpleRNN. Fused (default): UNIDIRECTIONAL_SEQUENCE_RNN (input [N, T, F], weights [U, F], recurrent weights
/// [U, U], bias [U], hidden state [N, U] as a zero-initialised variable tensor, batch-major, the activation fused),
/// then STRIDED_SLICE of the last step without return_sequences and REVERSE_V2 of the input for go_backwards.
/// Unrolled: <c>h = activation(x W + h R + b)</c> per step in builtin operators.
/// </summary>
public sealed class SimpleRnnConverter : ILayerConverter
{
    /// <inheritdoc />
    public IReadOnlyList<string> ClassNames { get; } = ["SimpleRNN"];

    /// <inheritdoc />
    public IReadOnlyList<Tensor> Convert(LayerContext c) => RecurrentLayer.Read(c, 1).Lower(Fused, Unrolled);

    private static IReadOnlyList<Tensor> Fused(RecurrentLayer r)
    {
        var c = r.Context;
        var activation = FusedActivations.Of(c, r.Activation);
        var input = r.GoBackwards ? RecurrentOps.ReverseTime(c, c.Input) : c.Input;
        var weights = c.Constant(r.GateWeights(r.Kernel, 0), [r.Units, r.Features], "input_weights");
        var recurrent = c.Constant(r.GateWeights(r.RecurrentKernel, 0), [r.Units, r.Units], "recurrent_weights");
        var bias = c.Constant(r.GateBias(0) ?? new float[r.Units], [r.Units], "bias");
        var state = c.NewVariable(r.StateDims, "hidden_state");
        var sequence = c.Emit(BuiltinOperator.UnidirectionalSequenceRnn, [input, weights, recurrent, bias, state], r.SequenceDims,
            new SequenceRnnOptions { FusedActivation = activation }, "sequence");
        var last = r.ReturnSequences && !r.ReturnState ? null : RecurrentOps.LastStep(c, sequence);
        var output = r.ReturnSequences ? sequence : last!;
        return r.ReturnState ? [output, last!] : [output];
    }

    private static IReadOnlyList<Tensor> Unrolled(RecurrentLayer r)
    {
        var c = r.Context;
        var recurrentWeights = r.GateWeights(r.RecurrentKernel, 0);
        return RecurrentUnroller.Run(r, r.GateWeights(r.Kernel, 0), r.GateBias(0), 1, (s, x, states) =>
        {
            var h = states[0];
            var z = RecurrentOps.AddOptional(c, x, h is null ? null : RecurrentOps.Project(c, h, recurrentWeights, r.Units, null, $"step{s}/recurrent"));
            return [Activations.Apply(c, z, r.Activation)];
        });
    }
}
