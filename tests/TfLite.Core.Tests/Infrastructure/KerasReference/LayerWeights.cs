using TfLite.Core.Keras;

namespace TfLite.Core.Tests.Infrastructure.KerasReference;

/// <summary>The weight arrays of one layer, taken in Keras order.</summary>
internal sealed class LayerWeights(string layerName, IReadOnlyList<KerasWeight> weights)
{
    private int _next;

    /// <summary>Number of arrays.</summary>
    public int Count => weights.Count;

    /// <summary>The next array in order, checked against the shape Keras gives it (null dims are not checked).</summary>
    public RefTensor Next(string what, params int[] expectedShape)
    {
        if (_next >= weights.Count)
            throw new InvalidOperationException($"{layerName}: weight '{what}' missing (the layer has {weights.Count} arrays).");
        var w = weights[_next++];
        if (expectedShape.Length > 0)
        {
            var ok = w.Shape.Length == expectedShape.Length;
            for (var i = 0; ok && i < expectedShape.Length; i++) ok = expectedShape[i] < 0 || expectedShape[i] == w.Shape[i];
            if (!ok)
                throw new InvalidOperationException($"{layerName}: weight '{what}' has shape [{string.Join(",", w.Shape)}], expected [{string.Join(",", expectedShape)}].");
        }
        return RefTensor.FromFloats(w.Shape, w.Values);
    }

    /// <summary>Fails when arrays are left over, which would mean the layer was read with the wrong options.</summary>
    public void ExpectAllUsed()
    {
        if (_next != weights.Count)
            throw new InvalidOperationException($"{layerName}: {weights.Count - _next} weight arrays left unused.");
    }
}
