using TfLite.Core.Keras;

namespace TfLite.Core.Tests.Infrastructure.KerasReference;

/// <summary>A layer (or a whole nested model) of the reference evaluator, ready to run on a batch.</summary>
public interface IRefLayer
{
    /// <summary>Computes the layer's outputs for its inputs (batch first).</summary>
    IReadOnlyList<RefTensor> Call(IReadOnlyList<RefTensor> inputs);
}

/// <summary>The weights of the layer reached by a path of layer names from the top model down (same convention
/// as <see cref="KerasModelFile.GetWeights"/>).</summary>
public delegate IReadOnlyList<KerasWeight> WeightSource(IReadOnlyList<string> layerPath);

/// <summary>A layer computed by a function of its single input.</summary>
internal sealed class UnaryLayer(Func<RefTensor, RefTensor> f) : IRefLayer
{
    public IReadOnlyList<RefTensor> Call(IReadOnlyList<RefTensor> inputs)
    {
        if (inputs.Count != 1) throw new ArgumentException($"Expected one input, got {inputs.Count}.");
        return [f(inputs[0])];
    }
}

/// <summary>A layer computed by a function of all its inputs.</summary>
internal sealed class MultiInputLayer(Func<IReadOnlyList<RefTensor>, RefTensor> f) : IRefLayer
{
    public IReadOnlyList<RefTensor> Call(IReadOnlyList<RefTensor> inputs) => [f(inputs)];
}
