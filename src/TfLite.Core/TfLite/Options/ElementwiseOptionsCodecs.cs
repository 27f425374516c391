using TfLite.Core.Graph;
using Fb = TfLite.Core.Serialization.Schema;
using Op = TfLite.Core.Graph.BuiltinOperator;

namespace TfLite.Core.Serialization.Options;

/// <summary>Codecs of the element-wise, activation and concatenation options.</summary>
internal static class ElementwiseOptionsCodecs
{
    public static IEnumerable<OptionsCodec> All =>
    [
        OptionsCodec.Of<Fb.AddOptions, AddOptions>(Fb.BuiltinOptions.AddOptions, [Op.Add],
            t => new AddOptions { FusedActivation = t.FusedActivationFunction.ToGraph(), PotScaleInt16 = t.PotScaleInt16 },
            (b, o) => Fb.AddOptions.CreateAddOptions(b, o.FusedActivation.ToSchema(), o.PotScaleInt16).Value),

        OptionsCodec.Of<Fb.SubOptions, SubOptions>(Fb.BuiltinOptions.SubOptions, [Op.Sub],
            t => new SubOptions { FusedActivation = t.FusedActivationFunction.ToGraph(), PotScaleInt16 = t.PotScaleInt16 },
            (b, o) => Fb.SubOptions.CreateSubOptions(b, o.FusedActivation.ToSchema(), o.PotScaleInt16).Value),

        OptionsCodec.Of<Fb.MulOptions, MulOptions>(Fb.BuiltinOptions.MulOptions, [Op.Mul],
            t => new MulOptions { FusedActivation = t.FusedActivationFunction.ToGraph() },
            (b, o) => Fb.MulOptions.CreateMulOptions(b, o.FusedActivation.ToSchema()).Value),

        OptionsCodec.Of<Fb.DivOptions, DivOptions>(Fb.BuiltinOptions.DivOptions, [Op.Div],
            t => new DivOptions { FusedActivation = t.FusedActivationFunction.ToGraph() },
            (b, o) => Fb.DivOptions.CreateDivOptions(b, o.FusedActivation.ToSchema()).Value),

        OptionsCodec.Of<Fb.ConcatenationOptions, ConcatenationOptions>(Fb.BuiltinOptions.ConcatenationOptions, [Op.Concatenation],
            t => new ConcatenationOptions { Axis = t.Axis, FusedActivation = t.FusedActivationFunction.ToGraph() },
            (b, o) => Fb.ConcatenationOptions.CreateConcatenationOptions(b, o.Axis, o.FusedActivation.ToSchema()).Value),

        OptionsCodec.Of<Fb.SoftmaxOptions, SoftmaxOptions>(Fb.BuiltinOptions.SoftmaxOptions, [Op.Softmax],
            t => new SoftmaxOptions { Beta = t.Beta },
            (b, o) => Fb.SoftmaxOptions.CreateSoftmaxOptions(b, o.Beta).Value),

        OptionsCodec.Of<Fb.LeakyReluOptions, LeakyReluOptions>(Fb.BuiltinOptions.LeakyReluOptions, [Op.LeakyRelu],
            t => new LeakyReluOptions { Alpha = t.Alpha },
            (b, o) => Fb.LeakyReluOptions.CreateLeakyReluOptions(b, o.Alpha).Value),

        OptionsCodec.Of<Fb.GeluOptions, GeluOptions>(Fb.BuiltinOptions.GeluOptions, [Op.Gelu],
            t => new GeluOptions { Approximate = t.Approximate },
            (b, o) => Fb.GeluOptions.CreateGeluOptions(b, o.Approximate).Value),

        OptionsCodec.Of<Fb.CastOptions, CastOptions>(Fb.BuiltinOptions.CastOptions, [Op.Cast],
            t => new CastOptions { InDataType = t.InDataType.ToGraph(), OutDataType = t.OutDataType.ToGraph() },
            (b, o) => Fb.CastOptions.CreateCastOptions(b, o.InDataType.ToSchema(), o.OutDataType.ToSchema()).Value),
    ];
}
