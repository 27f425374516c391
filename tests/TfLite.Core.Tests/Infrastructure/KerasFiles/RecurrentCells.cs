namespace TfLite.Core.Tests.Infrastructure.KerasFiles;

/// <summary>
/// Keras recurrent layers own no variables themselves: their cell does. tf.keras names the weights
/// <c>lstm/lstm_cell/kernel:0</c>, Keras 3 saves them under <c>layers/lstm/cell/vars</c>.
/// </summary>
public static class RecurrentCells
{
    private static readonly IReadOnlyDictionary<string, string> CellNames = new Dictionary<string, string>
    {
        ["SimpleRNN"] = "simple_rnn_cell",
        ["LSTM"] = "lstm_cell",
        ["GRU"] = "gru_cell",
    };

    /// <summary>The cell's name for a recurrent layer class, or null for other classes.</summary>
    public static string? CellName(string className) => CellNames.GetValueOrDefault(className);
}
