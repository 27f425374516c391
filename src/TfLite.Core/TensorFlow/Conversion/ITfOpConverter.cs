namespace TfLite.Core.TensorFlow.Conversion;

/// <summary>Lowers the nodes of some TensorFlow op types to TFLite operators (or to conversion-time values).</summary>
public interface ITfOpConverter
{
    /// <summary>The op types (<c>NodeDef.op</c>) this converter handles.</summary>
    IReadOnlyList<string> OpTypes { get; }

    /// <summary>Converts one node; returns one value per node output that readers use.</summary>
    IReadOnlyList<TfValue> Convert(TfNodeContext c);
}
