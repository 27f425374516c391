using TfLite.Core.Graph;
using TfLite.Core.Serialization.Options;
using Fb = TfLite.Core.Serialization.Schema;

namespace TfLite.Core.Serialization.Reading;

/// <summary>Maps the tensors of a subgraph, with their quantization and constant data.</summary>
internal sealed class TensorMapper(BufferTable buffers, ReadBudget budget)
{
    private const int ObjectCost = 128;

    /// <summary>Maps one tensor.</summary>
    /// <exception cref="SchemaMappingException">A value the graph cannot hold or that contradicts the schema.</exception>
    public Tensor Map(Fb.Tensor t)
    {
        if (t.Sparsity.HasValue) throw SchemaMappingException.Unsupported("sparse tensors are not supported");
        if (t.VariantTensorsLength > 0) throw SchemaMappingException.Unsupported("variant tensors are not supported");
        if (t.ExternalBuffer != 0) throw SchemaMappingException.Unsupported("external buffers are not supported");

        budget.Charge(ObjectCost + 4L * (t.ShapeLength + t.ShapeSignatureLength) + 2L * (t.Name?.Length ?? 0));
        var shape = t.GetShapeArray() ?? [];
        var tensor = new Tensor(t.Name ?? "", t.Type.ToGraph(), shape)
        {
            ShapeSignature = t.GetShapeSignatureArray(),
            // Files written before has_rank existed leave it false for ranked tensors; a shape implies a rank.
            HasRank = t.HasRank || shape.Length > 0,
            IsVariable = t.IsVariable,
            Quantization = MapQuantization(t.Quantization),
            Data = buffers.Get(t.Buffer),
        };
        if (ConstantData.Problem(tensor) is { } problem) throw SchemaMappingException.Invalid(problem);
        return tensor;
    }

    private QuantizationParameters? MapQuantization(Fb.QuantizationParameters? table)
    {
        if (table is not { } q) return null;
        if (q.DetailsType != Fb.QuantizationDetails.NONE)
            throw SchemaMappingException.Unsupported($"quantization details {q.DetailsType} are not supported");
        budget.Charge(ObjectCost + 4L * (q.ScaleLength + q.MinLength + q.MaxLength) + 8L * q.ZeroPointLength);
        var scale = q.GetScaleArray() ?? [];
        var zeroPoint = q.GetZeroPointArray() ?? [];
        var min = q.GetMinArray();
        var max = q.GetMaxArray();
        // TensorFlow writes an empty quantization table for every float tensor.
        if (scale.Length == 0 && zeroPoint.Length == 0 && min is not { Length: > 0 } && max is not { Length: > 0 }) return null;
        if (scale.Length > 0 && zeroPoint.Length > 0 && scale.Length != zeroPoint.Length)
            throw SchemaMappingException.Invalid($"quantization has {scale.Length} scales but {zeroPoint.Length} zero points");
        return new QuantizationParameters
        {
            Scale = scale,
            ZeroPoint = zeroPoint,
            QuantizedDimension = q.QuantizedDimension,
            Min = min is { Length: > 0 } ? min : null,
            Max = max is { Length: > 0 } ? max : null,
        };
    }
}
