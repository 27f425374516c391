using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Quantization;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.Oracle;
using TfLite.Core.Tests.TensorFlow.Infrastructure;
using Xunit;
using static TfLite.Core.Tests.TensorFlow.Infrastructure.TfGraphBuilder;

namespace TfLite.Core.Tests.TensorFlow.Quantization;

/// <summary>
/// An int8 ResizeBilinear between two FakeQuants, at sizes whose source coordinates fall between pixels unevenly (where
/// TFLite's 10-bit and XNNPACK's 11-bit weights part ways), in every coordinate mode: our interpreter in
/// <see cref="RoundingMode.Xnnpack"/> gives exactly LiteRT's outputs.
/// </summary>
[Trait("Category", "Conformance")]
public class QuantizedResizeBilinearTests
{
    [Theory]
    [InlineData(RoundingMode.Double, new sbyte[] { -3, -4, -4, -4 })]
    [InlineData(RoundingMode.Single, new sbyte[] { -3, -3, -4, -4 })]
    [InlineData(RoundingMode.Xnnpack, new sbyte[] { -3, -3, -4, -4 })]
    public void A_tie_between_two_pixels_rounds_as_the_mode_says(RoundingMode rounding, sbyte[] expected)
    {
        // [-3, -4] stretched to width 4 (TF1's legacy coordinates 0, 0.5, 1, 1.5): -3, the tie -3.5, then -4 twice.
        // TFLite's reference kernel rounds the tie away from zero, single rounding and XNNPACK round it up.
        var bytes = TfLiteWriter.Write(Quantized(1, 2, 1, 1, 4, alignCorners: false, halfPixelCenters: false));
        var ours = new TfLite.Core.Interpreter.Interpreter(TfLiteReader.Read(bytes), new InterpreterOptions { Rounding = rounding });
        ours.SetInput(0, new sbyte[] { -3, -4 });
        ours.Invoke();
        Assert.Equal(expected, ours.GetOutputArray<sbyte>(0));
    }

    [SkippableTheory]
    [InlineData(7, 4, false, false)]
    [InlineData(7, 4, false, true)]
    [InlineData(7, 4, true, false)]
    [InlineData(2, 11, false, true)]
    public void Int8_resize_gives_exactly_litert_outputs(int height, int width, bool alignCorners, bool halfPixelCenters)
    {
        var bytes = TfLiteWriter.Write(Quantized(3, 5, 2, height, width, alignCorners, halfPixelCenters));
        var input = new sbyte[30];
        new Random(7).NextBytes((byte[])(Array)input);
        var lite = OracleRunner.Run(bytes, [OracleTensor.Int8([1, 3, 5, 2], input)]);
        var ours = new TfLite.Core.Interpreter.Interpreter(TfLiteReader.Read(bytes), new InterpreterOptions { Rounding = RoundingMode.Xnnpack });
        ours.SetInput(0, input);
        ours.Invoke();
        Assert.Equal([1, height, width, 2], ours.GetOutputShape(0));
        Assert.Equal((sbyte[])lite.Outputs[0].Values, ours.GetOutputArray<sbyte>(0));
    }

    /// <summary>x [1, h, w, channels] -> FakeQuant -> ResizeBilinear to [height, width], quantized to int8 with int8 I/O.</summary>
    private static TfLiteGraph Quantized(int h, int w, int channels, int height, int width, bool alignCorners, bool halfPixelCenters)
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", [1, h, w, channels]);
        var x = g.FakeQuant("x_quant", "x", -1.3f, 2.1f);
        g.IntConst("size", [height, width], 2);
        g.FloatOp("ResizeBilinear", "resize", [x, "size"], ("align_corners", Bool(alignCorners)), ("half_pixel_centers", Bool(halfPixelCenters)));
        var quantized = ModelQuantizer.Quantize(TfConversion.Convert(g, "resize"),
            new QuantizationOptions { Mode = QuantizationMode.Int8, InputType = TensorType.Int8, OutputType = TensorType.Int8 });
        Assert.Equal(BuiltinOperator.ResizeBilinear, Assert.Single(quantized.Main.Operators).Code);
        return quantized;
    }
}
