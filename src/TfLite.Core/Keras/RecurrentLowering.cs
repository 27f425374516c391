namespace TfLite.Core.Keras;

/// <summary>How the importer lowers Keras recurrent layers (LSTM, SimpleRNN).</summary>
public enum RecurrentLowering
{
    /// <summary>One fused sequence operator per layer, as TensorFlow's converter emits it: LSTM to
    /// UNIDIRECTIONAL_SEQUENCE_LSTM, SimpleRNN to UNIDIRECTIONAL_SEQUENCE_RNN, with the states as variable tensors.</summary>
    Fused,

    /// <summary>The time loop written out step by step in stateless builtin operators (FULLY_CONNECTED, ADD, MUL,
    /// LOGISTIC, TANH, SPLIT, UNPACK, PACK): bigger files, but no variable tensors, so runtimes that do not
    /// support those (LiteRT.js) can run the model.</summary>
    Unrolled,
}
