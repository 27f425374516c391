namespace TfLite.Core.Keras;

/// <summary>Reads a deferred weight's values from its file into <paramref name="destination"/>, which holds exactly
/// as many floats as the weight.</summary>
internal delegate void ReadWeightValues(Span<float> destination);
