using TfLite.Core.TensorFlow.Ops;

namespace TfLite.Core.TensorFlow.Conversion;

/// <summary>The op converters by op type.</summary>
public sealed class TfOpRegistry
{
    private readonly Dictionary<string, ITfOpConverter> _byOp = new(StringComparer.Ordinal);

    /// <summary>Every converter of the module.</summary>
    public static TfOpRegistry Default { get; } = new(
    [
        new StructuralOps(), new VariableOps(), new ConvolutionOps(), new MatMulOp(), new BinaryOps(), new UnaryOps(),
        new BatchNormOps(), new PoolingOps(), new ReductionOps(), new ReshapeLikeOps(), new ShapeOps(), new SliceOps(),
        new ConcatPackOps(), new PadTransposeOps(), new ResizeOps(), new FakeQuantOps(),
    ]);

    /// <summary>A registry of <paramref name="converters"/>.</summary>
    public TfOpRegistry(IEnumerable<ITfOpConverter> converters)
    {
        foreach (var converter in converters)
            foreach (var op in converter.OpTypes)
                _byOp.Add(op, converter);
    }

    /// <summary>The converter of <paramref name="op"/>, or null.</summary>
    public ITfOpConverter? Find(string op) => _byOp.GetValueOrDefault(op);
}
