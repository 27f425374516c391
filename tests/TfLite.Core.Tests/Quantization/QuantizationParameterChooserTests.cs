using Xunit;
using TfLite.Core.Quantization;

namespace TfLite.Core.Tests.Quantization;

public class QuantizationParameterChooserTests
{
    [Fact]
    public void Asymmetric_params_for_an_exact_power_of_two_step()
    {
        // Range [-0.5, 1.4921875] is 255/128 wide: scale 1/128 exactly; zero point -128 + 64 = -64 (int8), 64 (uint8).
        Assert.Equal(new AffineQuantParams(1f / 128, -64), QuantizationParameterChooser.ChooseQuantizationParams(-0.5f, 1.4921875f, -128, 127));
        Assert.Equal(new AffineQuantParams(1f / 128, 64), QuantizationParameterChooser.ChooseQuantizationParams(-0.5f, 1.4921875f, 0, 255));
    }

    [Fact]
    public void Asymmetric_zero_point_rounds_half_away_from_zero()
    {
        // min = -65.5/128: zero point from min = -128 + 65.5 = -62.5, which TensorFlow's std::round takes to -63.
        var p = QuantizationParameterChooser.ChooseQuantizationParams(-65.5f / 128, 189.5f / 128, -128, 127);
        Assert.Equal(1f / 128, p.Scale);
        Assert.Equal(-63, p.ZeroPoint);
    }

    [Fact]
    public void Asymmetric_range_is_widened_to_contain_zero()
    {
        // [2, 5.1] becomes [0, 5.1]: zero point at qmin. [-5.1, -2] becomes [-5.1, 0]: zero point at qmax.
        var positive = QuantizationParameterChooser.ChooseQuantizationParams(2f, 5.1f, -128, 127);
        Assert.Equal(5.1f / 255f, positive.Scale);
        Assert.Equal(-128, positive.ZeroPoint);
        Assert.Equal(127, QuantizationParameterChooser.ChooseQuantizationParams(-5.1f, -2f, -128, 127).ZeroPoint);
        Assert.Equal(new AffineQuantParams(0f, -128), QuantizationParameterChooser.ChooseQuantizationParams(0f, 0f, -128, 127));
    }

    [Fact]
    public void Symmetric_params_divide_the_absolute_max()
    {
        Assert.Equal(new AffineQuantParams(2.54f / 127, 0), QuantizationParameterChooser.ChooseSymmetricParams(-2.54f, 1f, 127));
        Assert.Equal(new AffineQuantParams(1f, 0), QuantizationParameterChooser.ChooseSymmetricParams(-32767f, 5f, 32767));
        Assert.Equal(new AffineQuantParams(1f, 0), QuantizationParameterChooser.ChooseSymmetricParams(0f, 0f, 127));
        var scales = new float[2];
        QuantizationParameterChooser.ChooseSymmetricScales([-1.27f, -0.5f], [0.3f, 2.54f], scales, 127);
        Assert.Equal(new[] { 1.27f / 127, 2.54f / 127 }, scales);
    }

    [Fact]
    public void Bias_scale_is_the_float_product()
    {
        var scales = new float[2];
        QuantizationParameterChooser.BiasScales(0.5f, [0.25f, 3f], scales);
        Assert.Equal(new[] { 0.125f, 1.5f }, scales);
    }

    [Fact]
    public void Non_finite_ranges_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => QuantizationParameterChooser.ChooseQuantizationParams(float.NaN, 1f, -128, 127));
        Assert.Throws<ArgumentException>(() => QuantizationParameterChooser.ChooseSymmetricParams(0f, float.PositiveInfinity, 127));
    }
}
