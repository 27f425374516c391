using TfLite.Core.Graph;

namespace TfLite.Core.Keras.Layers;

/// <summary>
/// What every Keras recurrent layer (SimpleRNN, LSTM, GRU) shares: the options that shape its output, its
/// activations and its three weights (kernel [F, G*U], recurrent_kernel [U, G*U], bias) for G gates of U units
/// each. Options without a stateless conversion are rejected here, naming the option.
/// </summary>
internal sealed class RecurrentLayer
{
    private RecurrentLayer(LayerContext c, int gates)
    {
        Context = c;
        Gates = gates;
    }

    /// <summary>The layer call.</summary>
    public LayerContext Context { get; }

    /// <summary>Gate blocks in the weights (1 SimpleRNN, 3 GRU, 4 LSTM).</summary>
    public int Gates { get; }

    /// <summary>Units (state size).</summary>
    public int Units { get; private init; }

    /// <summary>Keras dims of the input [N, T, F].</summary>
    public int[] InputDims { get; private init; } = [];

    /// <summary>Features per time step.</summary>
    public int Features => InputDims[2];

    /// <summary>Return the whole output sequence rather than the last step.</summary>
    public bool ReturnSequences { get; private init; }

    /// <summary>Also return the final states.</summary>
    public bool ReturnState { get; private init; }

    /// <summary>Process the sequence from its end (outputs stay in processing order, as Keras returns them).</summary>
    public bool GoBackwards { get; private init; }

    /// <summary>The <c>activation</c> option.</summary>
    public string Activation { get; private init; } = "tanh";

    /// <summary>The <c>recurrent_activation</c> option (gates); sigmoid where the layer has none.</summary>
    public string RecurrentActivation { get; private init; } = "sigmoid";

    /// <summary>Kernel [F, G*U].</summary>
    public KerasWeight Kernel { get; private init; } = null!;

    /// <summary>Recurrent kernel [U, G*U].</summary>
    public KerasWeight RecurrentKernel { get; private init; } = null!;

    /// <summary>Bias, of the shape the layer asked for; null without use_bias.</summary>
    public KerasWeight? Bias { get; private init; }

    /// <summary>Reads and checks the options and weights of a recurrent layer call.</summary>
    /// <param name="c">The layer call.</param>
    /// <param name="gates">Gate blocks in the weights.</param>
    /// <param name="biasShape">The bias shape for <paramref name="gates"/> * units columns.</param>
    /// <exception cref="UnsupportedLayerException">stateful, time_major, initial states or masks passed to the call.</exception>
    /// <exception cref="ModelFormatException">Weights that do not fit the config.</exception>
    public static RecurrentLayer Read(LayerContext c, int gates, Func<int, int[]>? biasShape = null)
    {
        c.Config.RequireOneOf("stateful", "false");
        c.Config.RequireOneOf("time_major", "false");
        if (c.Inputs.Count > 1 || c.KwargInputs.Count > 0)
            throw c.Unsupported("initial states or masks passed to the call are not supported (the states start at zero)");
        var dims = c.InputDimsOfRank(3);
        c.KnownDim(dims, 2, "feature");
        var units = c.Config.GetInt("units");
        if (units < 1) throw c.Config.Unsupported("units");
        var useBias = c.Config.GetBool("use_bias", true);
        c.ExpectWeightCount(useBias ? 3 : 2);
        var columns = gates * units;
        return new RecurrentLayer(c, gates)
        {
            Units = units,
            InputDims = dims,
            ReturnSequences = c.Config.GetBool("return_sequences", false),
            ReturnState = c.Config.GetBool("return_state", false),
            GoBackwards = c.Config.GetBool("go_backwards", false),
            Activation = Activations.NameOf(c, "activation"),
            RecurrentActivation = c.Config.Has("recurrent_activation") ? Activations.NameOf(c, "recurrent_activation") : "sigmoid",
            Kernel = c.Weight(0, "kernel", dims[2], columns),
            RecurrentKernel = c.Weight(1, "recurrent_kernel", units, columns),
            Bias = useBias ? c.Weight(2, "bias", biasShape?.Invoke(columns) ?? [columns]) : null,
        };
    }

    /// <summary>Lowers the layer with <paramref name="fused"/> or <paramref name="unrolled"/>, as the import options ask.</summary>
    public IReadOnlyList<Tensor> Lower(Func<RecurrentLayer, IReadOnlyList<Tensor>> fused, Func<RecurrentLayer, IReadOnlyList<Tensor>> unrolled) =>
        Context.Options.RecurrentLowering == RecurrentLowering.Unrolled ? unrolled(this) : fused(this);

    /// <summary>The number of time steps, which an unrolled lowering needs to know.</summary>
    public int KnownSteps => Context.KnownDim(InputDims, 1, "time");

    /// <summary>Keras dims of the output sequence [N, T, U].</summary>
    public int[] SequenceDims => [InputDims[0], InputDims[1], Units];

    /// <summary>Keras dims of one step's state [N, U].</summary>
    public int[] StateDims => [InputDims[0], Units];

    /// <summary>FULLY_CONNECTED weights [count*U, rows] for gate blocks [first, first + count) of a Keras
    /// [rows, G*U] weight: the columns of those gates, transposed.</summary>
    public float[] GateWeights(KerasWeight w, int first, int count = 1)
    {
        int rows = w.Shape[0], columns = w.Shape[1], width = count * Units, offset = first * Units;
        var result = new float[width * rows];
        for (var u = 0; u < width; u++)
            for (var r = 0; r < rows; r++)
                result[u * rows + r] = w.Values[r * columns + offset + u];
        return result;
    }

    /// <summary>Bias values of gate blocks [first, first + count) from row <paramref name="row"/> of the bias
    /// (GRU with reset_after keeps an input and a recurrent row); null without a bias.</summary>
    public float[]? GateBias(int first, int count = 1, int row = 0) =>
        Bias?.Values.AsSpan(row * Gates * Units + first * Units, count * Units).ToArray();
}
