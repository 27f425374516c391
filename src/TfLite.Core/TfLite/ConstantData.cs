using System.Globalization;
using TfLite.Core.Graph;

namespace TfLite.Core.Serialization;

/// <summary>The rule TFLite applies to constant tensors when it loads a model: the buffer holds exactly the bytes
/// that the shape and element type take (strings, resources and packed types excepted).</summary>
internal static class ConstantData
{
    /// <summary>Why the tensor's constant data cannot be loaded, or null when it can (or the tensor has none).</summary>
    public static string? Problem(Tensor tensor)
    {
        if (tensor.Data is not { } data || tensor.Type.SizeOf() is not (> 0 and var elementSize)) return null;
        long needed = elementSize;
        foreach (var dim in tensor.Shape)
        {
            if (dim < 0) return $"constant tensor has a negative dimension in shape {Shape.Format(tensor.Shape)}";
            // Saturates instead of overflowing on absurd shapes.
            needed = dim != 0 && needed > long.MaxValue / dim ? long.MaxValue : needed * dim;
        }
        return needed == data.Length
            ? null
            : $"constant tensor holds {data.Length} bytes, but {tensor.Type} of shape {Shape.Format(tensor.Shape)} takes " +
              (needed == long.MaxValue ? "more than can be stored" : needed.ToString(CultureInfo.InvariantCulture));
    }
}
