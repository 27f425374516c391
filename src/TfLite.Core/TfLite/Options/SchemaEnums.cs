using TfLite.Core.Graph;
using Fb = TfLite.Core.Serialization.Schema;

namespace TfLite.Core.Serialization.Options;

/// <summary>Conversions between the schema's enums and the graph's, which share their wire values. Reading checks
/// that a value is one the graph defines.</summary>
internal static class SchemaEnums
{
    public static ActivationFunction ToGraph(this Fb.ActivationFunctionType value) =>
        Defined((ActivationFunction)(sbyte)value, "fused activation");

    public static Fb.ActivationFunctionType ToSchema(this ActivationFunction value) => (Fb.ActivationFunctionType)(sbyte)value;

    public static Padding ToGraph(this Fb.Padding value) => Defined((Padding)(sbyte)value, "padding");

    public static Fb.Padding ToSchema(this Padding value) => (Fb.Padding)(sbyte)value;

    public static MirrorPadMode ToGraph(this Fb.MirrorPadMode value) => Defined((MirrorPadMode)(sbyte)value, "mirror pad mode");

    public static Fb.MirrorPadMode ToSchema(this MirrorPadMode value) => (Fb.MirrorPadMode)(sbyte)value;

    public static TensorType ToGraph(this Fb.TensorType value)
    {
        var type = (TensorType)(sbyte)value;
        return Enum.IsDefined(type) ? type : throw SchemaMappingException.Unsupported($"tensor type {value} is not supported");
    }

    public static Fb.TensorType ToSchema(this TensorType value) => (Fb.TensorType)(sbyte)value;

    private static T Defined<T>(T value, string what) where T : struct, Enum =>
        Enum.IsDefined(value) ? value : throw SchemaMappingException.Invalid($"{what} value {Convert.ToInt64(value)} is not defined by the schema");
}
