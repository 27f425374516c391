namespace TfLite.Core.Keras;

/// <summary>One weight array of a Keras layer, in the order Keras lists the layer's weights.</summary>
/// <param name="Name">Short name (<c>kernel</c>, <c>bias</c>, <c>gamma</c>, ...) without scope or <c>:0</c>; null where
/// the file does not name it (Keras 3 <c>.keras</c> archives store <c>vars/0</c>, <c>vars/1</c>, ...).</param>
/// <param name="Shape">Keras shape of the array.</param>
/// <param name="Values">Values as float32, row-major.</param>
public sealed record KerasWeight(string? Name, int[] Shape, float[] Values);
