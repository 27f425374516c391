using TfLite.Core;
using TfLite.Core.Quantization.Calibration;
using Xunit;

namespace TfLite.Core.Tests.Quantization.Calibration;

public class RangeObserverTests
{
    [Fact]
    public void MinMax_is_the_global_range_and_skips_nan()
    {
        var o = new MinMaxObserver();
        Assert.False(o.HasValues);
        o.Observe([1f, -2f, float.NaN]);
        o.Observe([0.5f, 7f]);
        o.Observe([float.NaN]);
        Assert.Equal((-2f, 7f), o.Range(-128, 127));
    }

    [Fact]
    public void Moving_average_caps_at_zero_and_follows_the_decay()
    {
        var o = new MovingAverageObserver(decay: 0.5f);
        o.Observe([-2f, 4f]);          // starts at (-2, 4)
        o.Observe([-4f, 1f, 2f]);      // (-2 - (-2 + 4) * 0.5, 4 - (4 - 2) * 0.5) = (-3, 3)
        o.Observe([1f, 3f]);           // min capped at 0: (-3 + 3 * 0.5, 3) = (-1.5, 3)
        Assert.Equal((-1.5f, 3f), o.Range(-128, 127));
        Assert.Equal(0.999f, MovingAverageObserver.DefaultDecay);
    }

    [Fact]
    public void Percentile_cuts_an_outlier_and_keeps_the_bulk()
    {
        var o = new PercentileObserver(99.9);
        var bulk = Enumerable.Range(0, 10000).Select(i => i / 5000f - 1f).ToArray(); // [-1, 1)
        o.Observe(bulk);
        o.Observe([1000f]);
        var (min, max) = o.Range(-128, 127);
        Assert.Equal(-1f, min); // the observed minimum clips the bin edge
        Assert.InRange(max, 0.99f, 1.5f);
    }

    [Fact]
    public void Percentile_of_a_ramp_is_within_one_bin()
    {
        var o = new PercentileObserver(99);
        o.Observe(Enumerable.Range(0, 10000).Select(i => (float)i).ToArray());
        var (min, max) = o.Range(-128, 127);
        float bin = 2f * 9999 / HistogramObserver.BinCount;
        Assert.InRange(max, 9900 - bin, 9900 + bin);
        Assert.InRange(min, 0f, 100 + bin);
    }

    [Fact]
    public void Histogram_growth_keeps_every_count()
    {
        var o = new PercentileObserver(100);
        o.Observe([0f, 0f]);
        o.Observe([1f]);
        o.Observe([-3f, 2.5f]);
        o.Observe([1000f]);
        Assert.Equal((-3f, 1000f), o.Range(-128, 127));
    }

    [Fact]
    public void Mse_clips_gaussian_tails_at_few_levels_but_keeps_a_uniform_range()
    {
        // For 16 levels the error-minimizing clip of a unit Gaussian is near 2.5 sigma, well inside the ~4 sigma
        // extremes of 20000 samples; uniform data has no tails worth clipping.
        var rng = new Random(1);
        var gaussian = Enumerable.Range(0, 20000)
            .Select(_ => (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()))).ToArray();
        var clipped = new MseObserver();
        clipped.Observe(gaussian);
        var (min, max) = clipped.Range(-8, 7);
        Assert.InRange(max, 2.0f, 3.2f);
        Assert.InRange(min, -3.2f, -2.0f);
        Assert.True(gaussian.Max() > 3.5f);

        var bulk = Enumerable.Range(0, 20000).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var uniform = new MseObserver();
        uniform.Observe(bulk);
        var (lo, hi) = uniform.Range(-128, 127);
        Assert.InRange(hi, 0.9f, 1f);
        Assert.InRange(lo, -1f, -0.9f);
    }

    [Fact]
    public void Factory_and_bad_settings()
    {
        Assert.IsType<MseObserver>(RangeObservers.Create(RangeMethod.Mse));
        Assert.IsType<PercentileObserver>(RangeObservers.Create(RangeMethod.Percentile, 99.9));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PercentileObserver(40));
        Assert.Equal("InvalidCalibrationPercentile", Assert.Throws<QuantizationException>(() => RangeObservers.Create(RangeMethod.Percentile, 50)).ErrorId);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MovingAverageObserver(1f));
        Assert.Equal((0f, 0f), new MseObserver().Range(-128, 127));
    }
}
