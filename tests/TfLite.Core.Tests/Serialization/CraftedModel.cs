using Google.FlatBuffers;
using Fb = TfLite.Core.Serialization.Schema;

namespace TfLite.Core.Tests.Serialization;

/// <summary>
/// Builds small TFLite flatbuffers directly with the schema accessors, to hand the reader files that TensorFlow would
/// never write: out-of-range indices, another schema version, many tensors sharing one shape vector.
/// One subgraph of float tensors named t0, t1, ... and one ADD operator.
/// </summary>
internal sealed class CraftedModel
{
    public uint Version { get; init; } = 3;
    public int TensorCount { get; init; } = 3;
    public int[] TensorShape { get; init; } = [2];
    public int[] AddInputs { get; init; } = [0, 1];
    public int[] AddOutputs { get; init; } = [2];
    public int[] SubgraphInputs { get; init; } = [0, 1];
    public int[] SubgraphOutputs { get; init; } = [2];
    public Fb.BuiltinOptions OptionsType { get; init; } = Fb.BuiltinOptions.AddOptions;

    /// <summary>When set, every tensor after the first points at this one shape vector (flatbuffers allow sharing).</summary>
    public bool ShareOneShapeVector { get; init; }

    public byte[] Build()
    {
        var b = new FlatBufferBuilder(1024);
        var buffers = Fb.Model.CreateBuffersVector(b, [Fb.Buffer.CreateBuffer(b)]);
        var sharedShape = Fb.Tensor.CreateShapeVectorBlock(b, TensorShape);
        var tensors = new Offset<Fb.Tensor>[TensorCount];
        for (var i = 0; i < TensorCount; i++)
        {
            var shape = ShareOneShapeVector ? sharedShape : Fb.Tensor.CreateShapeVectorBlock(b, TensorShape);
            tensors[i] = Fb.Tensor.CreateTensor(b, shape, Fb.TensorType.FLOAT32, 0, b.CreateString("t" + i));
        }
        var options = OptionsType switch
        {
            Fb.BuiltinOptions.AddOptions => Fb.AddOptions.CreateAddOptions(b).Value,
            Fb.BuiltinOptions.Conv2DOptions => Fb.Conv2DOptions.CreateConv2DOptions(b).Value,
            _ => throw new ArgumentOutOfRangeException(nameof(OptionsType)),
        };
        var op = Fb.Operator.CreateOperator(b, 0,
            Fb.Operator.CreateInputsVectorBlock(b, AddInputs), Fb.Operator.CreateOutputsVectorBlock(b, AddOutputs),
            OptionsType, options);
        var subgraph = Fb.SubGraph.CreateSubGraph(b,
            Fb.SubGraph.CreateTensorsVector(b, tensors),
            Fb.SubGraph.CreateInputsVectorBlock(b, SubgraphInputs),
            Fb.SubGraph.CreateOutputsVectorBlock(b, SubgraphOutputs),
            Fb.SubGraph.CreateOperatorsVector(b, [op]));
        var codes = Fb.Model.CreateOperatorCodesVector(b, [Fb.OperatorCode.CreateOperatorCode(b, 0, default, 1, Fb.BuiltinOperator.ADD)]);
        var model = Fb.Model.CreateModel(b, Version, codes, Fb.Model.CreateSubgraphsVector(b, [subgraph]), default, buffers);
        Fb.Model.FinishModelBuffer(b, model);
        return b.SizedByteArray();
    }
}
