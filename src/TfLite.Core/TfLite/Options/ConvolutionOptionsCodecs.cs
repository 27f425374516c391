using TfLite.Core.Graph;
using Fb = TfLite.Core.Serialization.Schema;
using Op = TfLite.Core.Graph.BuiltinOperator;

namespace TfLite.Core.Serialization.Options;

/// <summary>Codecs of the convolution, pooling and matrix-product options.</summary>
internal static class ConvolutionOptionsCodecs
{
    public static IEnumerable<OptionsCodec> All =>
    [
        OptionsCodec.Of<Fb.Conv2DOptions, Conv2DOptions>(Fb.BuiltinOptions.Conv2DOptions, [Op.Conv2D],
            t => new Conv2DOptions
            {
                Padding = t.Padding.ToGraph(), StrideW = t.StrideW, StrideH = t.StrideH,
                DilationW = t.DilationWFactor, DilationH = t.DilationHFactor,
                FusedActivation = t.FusedActivationFunction.ToGraph(), QuantizedBiasType = t.QuantizedBiasType.ToGraph(),
            },
            (b, o) => Fb.Conv2DOptions.CreateConv2DOptions(b, o.Padding.ToSchema(), o.StrideW, o.StrideH,
                o.FusedActivation.ToSchema(), o.DilationW, o.DilationH, o.QuantizedBiasType.ToSchema()).Value),

        OptionsCodec.Of<Fb.DepthwiseConv2DOptions, DepthwiseConv2DOptions>(Fb.BuiltinOptions.DepthwiseConv2DOptions, [Op.DepthwiseConv2D],
            t => new DepthwiseConv2DOptions
            {
                Padding = t.Padding.ToGraph(), StrideW = t.StrideW, StrideH = t.StrideH, DepthMultiplier = t.DepthMultiplier,
                DilationW = t.DilationWFactor, DilationH = t.DilationHFactor, FusedActivation = t.FusedActivationFunction.ToGraph(),
            },
            (b, o) => Fb.DepthwiseConv2DOptions.CreateDepthwiseConv2DOptions(b, o.Padding.ToSchema(), o.StrideW, o.StrideH,
                o.DepthMultiplier, o.FusedActivation.ToSchema(), o.DilationW, o.DilationH).Value),

        OptionsCodec.Of<Fb.TransposeConvOptions, TransposeConvOptions>(Fb.BuiltinOptions.TransposeConvOptions, [Op.TransposeConv],
            t => new TransposeConvOptions
            {
                Padding = t.Padding.ToGraph(), StrideW = t.StrideW, StrideH = t.StrideH,
                FusedActivation = t.FusedActivationFunction.ToGraph(), QuantizedBiasType = t.QuantizedBiasType.ToGraph(),
            },
            (b, o) => Fb.TransposeConvOptions.CreateTransposeConvOptions(b, o.Padding.ToSchema(), o.StrideW, o.StrideH,
                o.FusedActivation.ToSchema(), o.QuantizedBiasType.ToSchema()).Value),

        OptionsCodec.Of<Fb.Pool2DOptions, Pool2DOptions>(Fb.BuiltinOptions.Pool2DOptions, [Op.AveragePool2D, Op.MaxPool2D, Op.L2Pool2D],
            t => new Pool2DOptions
            {
                Padding = t.Padding.ToGraph(), StrideW = t.StrideW, StrideH = t.StrideH,
                FilterWidth = t.FilterWidth, FilterHeight = t.FilterHeight, FusedActivation = t.FusedActivationFunction.ToGraph(),
            },
            (b, o) => Fb.Pool2DOptions.CreatePool2DOptions(b, o.Padding.ToSchema(), o.StrideW, o.StrideH,
                o.FilterWidth, o.FilterHeight, o.FusedActivation.ToSchema()).Value),

        OptionsCodec.Of<Fb.FullyConnectedOptions, FullyConnectedOptions>(Fb.BuiltinOptions.FullyConnectedOptions, [Op.FullyConnected],
            t => t.WeightsFormat == Fb.FullyConnectedOptionsWeightsFormat.DEFAULT
                ? new FullyConnectedOptions
                {
                    FusedActivation = t.FusedActivationFunction.ToGraph(), KeepNumDims = t.KeepNumDims,
                    AsymmetricQuantizeInputs = t.AsymmetricQuantizeInputs, QuantizedBiasType = t.QuantizedBiasType.ToGraph(),
                }
                : throw SchemaMappingException.Unsupported($"FULLY_CONNECTED weights format {t.WeightsFormat} is not supported"),
            (b, o) => Fb.FullyConnectedOptions.CreateFullyConnectedOptions(b, o.FusedActivation.ToSchema(),
                Fb.FullyConnectedOptionsWeightsFormat.DEFAULT, o.KeepNumDims, o.AsymmetricQuantizeInputs, o.QuantizedBiasType.ToSchema()).Value),

        OptionsCodec.Of<Fb.BatchMatMulOptions, BatchMatMulOptions>(Fb.BuiltinOptions.BatchMatMulOptions, [Op.BatchMatmul],
            t => new BatchMatMulOptions { AdjX = t.AdjX, AdjY = t.AdjY, AsymmetricQuantizeInputs = t.AsymmetricQuantizeInputs },
            (b, o) => Fb.BatchMatMulOptions.CreateBatchMatMulOptions(b, o.AdjX, o.AdjY, o.AsymmetricQuantizeInputs).Value),
    ];
}
