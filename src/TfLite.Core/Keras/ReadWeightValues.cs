namespace TfLite.Core.Keras;

/// <summary>Reads rows of a deferred weight from its file: the indices of its first dimension from
/// <paramref name="firstRow"/> on, as many whole rows as <paramref name="destination"/> holds (all values for a scalar).</summary>
internal delegate void ReadWeightValues(int firstRow, Span<float> destination);
