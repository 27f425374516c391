using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>
/// Writes a recurrent layer's time loop out step by step: the input projection of every step is computed at once
/// (one FULLY_CONNECTED over [N, T, F], then UNPACK), each step's cell runs on its slice, and the hidden states are
/// PACKed back into a sequence or the last one is returned. The states start as null (zero): the first step skips
/// every term a zero state would contribute.
/// </summary>
internal static class RecurrentUnroller
{
    /// <summary>One step of the cell: step number, that step's input projection [N, G*U] and the states (null at the
    /// first step); returns the new states, the hidden state first.</summary>
    public delegate Tensor[] Cell(int step, Tensor inputProjection, IReadOnlyList<Tensor?> states);

    /// <summary>Unrolls the layer; returns its Keras outputs (the output, then the final states with return_state).</summary>
    /// <param name="r">The layer.</param>
    /// <param name="inputWeights">FULLY_CONNECTED weights [G*U, F] of the input projection.</param>
    /// <param name="inputBias">The bias added to the input projection, or null.</param>
    /// <param name="stateCount">States the cell carries (2 for LSTM: hidden and cell state).</param>
    /// <param name="cell">The cell.</param>
    public static IReadOnlyList<Tensor> Run(RecurrentLayer r, float[] inputWeights, float[]? inputBias, int stateCount, Cell cell)
    {
        var c = r.Context;
        var steps = r.KnownSteps;
        var projection = RecurrentOps.Project(c, c.Input, inputWeights, r.Gates * r.Units, inputBias, "input_projection");
        var perStep = RecurrentOps.Unstack(c, projection, steps);
        IReadOnlyList<Tensor?> states = new Tensor?[stateCount];
        var hidden = new List<Tensor>(steps);
        for (var s = 0; s < steps; s++)
        {
            var t = r.GoBackwards ? steps - 1 - s : s;
            var next = cell(s, perStep[t], states);
            states = next;
            hidden.Add(next[0]);
        }
        var output = r.ReturnSequences ? RecurrentOps.Stack(c, hidden) : hidden[^1];
        return r.ReturnState ? [output, .. states.Select(x => x!)] : [output];
    }
}
