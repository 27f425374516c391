using TfLite.Core.Data;
using TfLite.Core.Graph;
using TfLite.Core.Quantization.Calibration;
using Xunit;

namespace TfLite.Core.Tests.Quantization.Calibration;

public sealed class CalibrationDataTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("calib").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TfLiteGraph WithInputs(params int[][] shapes)
    {
        var g = TfLiteGraph.CreateEmpty("inputs");
        for (int i = 0; i < shapes.Length; i++)
        {
            var t = g.Main.AddTensor(new Tensor($"in{i}", TensorType.Float32, shapes[i]));
            g.Main.Inputs.Add(t);
            g.Main.Outputs.Add(t);
        }
        return g;
    }

    [Fact]
    public void Csv_rows_are_samples_split_over_the_inputs_with_an_optional_header()
    {
        var path = Path.Combine(_dir, "d.csv");
        File.WriteAllText(path, "a,b,c\n1,2,3\n\n4.5,-5,6e1\n");
        var data = CalibrationData.FromPath(WithInputs([1, 2], [1, 1]), path);
        Assert.Equal(2, data.Count);
        Assert.Equal(new[] { 1f, 2f }, data.GetSample(0)[0]);
        Assert.Equal(new[] { 3f }, data.GetSample(0)[1]);
        Assert.Equal(new[] { 4.5f, -5f }, data.GetSample(1)[0]);
        Assert.Equal(new[] { 60f }, data.GetSample(1)[1]);
    }

    [Fact]
    public void Csv_errors_name_the_file_and_line()
    {
        var path = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(path, "1,2,3\n1,2\n");
        var e = Assert.Throws<QuantizationException>(() => CalibrationData.FromCsv(WithInputs([1, 3]), path));
        Assert.Equal(CalibrationErrorIds.ShapeMismatch, e.ErrorId);
        Assert.Equal(path, e.Target);
        Assert.Contains("Line 2", e.Message);
        File.WriteAllText(path, "1,2,3\n1,x,3\n");
        Assert.Equal(CalibrationErrorIds.InvalidData, Assert.Throws<QuantizationException>(() => CalibrationData.FromCsv(WithInputs([1, 3]), path)).ErrorId);
    }

    [Fact]
    public void Npy_and_npz_arrays_have_samples_along_the_first_axis()
    {
        var npy = Path.Combine(_dir, "x.npy");
        NpyWriter.Write(npy, new NDArray(new double[] { 1, 2, 3, 4, 5, 6 }, 3, 2));
        var data = CalibrationData.FromPath(WithInputs([1, 2]), npy);
        Assert.Equal(3, data.Count);
        Assert.Equal(new[] { 5f, 6f }, data.GetSample(2)[0]);

        var npz = Path.Combine(_dir, "x.npz");
        NpyWriter.WriteNpz(npz, [new("in1", new NDArray(new float[] { 7, 8 }, 2, 1)), new("in0", new NDArray(new float[] { 1, 2, 3, 4 }, 2, 2))]);
        var both = CalibrationData.FromPath(WithInputs([1, 2], [1, 1]), npz);
        Assert.Equal(new[] { 3f, 4f }, both.GetSample(1)[0]);
        Assert.Equal(new[] { 8f }, both.GetSample(1)[1]);
    }

    [Fact]
    public void Missing_data_is_a_typed_error()
    {
        var path = Path.Combine(_dir, "none.npy");
        var e = Assert.Throws<QuantizationException>(() => CalibrationData.FromPath(WithInputs([1, 2]), path));
        Assert.Equal(CalibrationErrorIds.DataNotFound, e.ErrorId);
        Assert.Equal(path, e.Target);
        Assert.Equal(CalibrationErrorIds.NoSamples,
            Assert.Throws<QuantizationException>(() => CalibrationData.FromPath(WithInputs([1, 2, 2, 1]), _dir)).ErrorId);
    }

    [Fact]
    public void Images_are_decoded_resized_with_half_pixel_centres_and_rescaled()
    {
        // A 4x4 grey image: 2x2 output pixels sample at source (0.5, 0.5) etc., the mean of each 2x2 block.
        byte[] pixels = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 250];
        WriteGreyBmp(Path.Combine(_dir, "a.bmp"), 4, 4, pixels);
        var data = CalibrationData.FromPath(WithInputs([1, 2, 2, 1]), _dir, new ImagePreprocessing { Scale = 0.5f, Offset = -1f });
        Assert.Equal(1, data.Count);
        float[] means = [25f, 45f, 105f, 150f];
        Assert.Equal(means.Select(m => m * 0.5f - 1f).ToArray(), data.GetSample(0)[0]);

        // The same image for an RGB input: three equal channels.
        var rgb = CalibrationData.FromPath(WithInputs([1, 4, 4, 3]), _dir);
        Assert.Equal([80f, 80f, 80f], rgb.GetSample(0)[0][24..27]);

        var wrongSize = Assert.Throws<QuantizationException>(() => CalibrationData.FromPath(WithInputs([1, 2, 2, 1]), _dir, new ImagePreprocessing { Size = (3, 3) }));
        Assert.Equal(CalibrationErrorIds.ShapeMismatch, wrongSize.ErrorId);
        File.WriteAllBytes(Path.Combine(_dir, "b.png"), [1, 2, 3]);
        var broken = CalibrationData.FromPath(WithInputs([1, 2, 2, 1]), _dir);
        var e = Assert.Throws<QuantizationException>(() => broken.GetSample(1));
        Assert.Equal(CalibrationErrorIds.InvalidData, e.ErrorId);
        Assert.EndsWith("b.png", e.Target);
    }

    /// <summary>A 24-bit BMP (bottom-up rows padded to 4 bytes) with equal R, G and B.</summary>
    private static void WriteGreyBmp(string path, int width, int height, byte[] grey)
    {
        int row = (width * 3 + 3) & ~3;
        var bmp = new byte[54 + row * height];
        bmp[0] = (byte)'B'; bmp[1] = (byte)'M';
        BitConverter.GetBytes(bmp.Length).CopyTo(bmp, 2);
        BitConverter.GetBytes(54).CopyTo(bmp, 10);
        BitConverter.GetBytes(40).CopyTo(bmp, 14);
        BitConverter.GetBytes(width).CopyTo(bmp, 18);
        BitConverter.GetBytes(height).CopyTo(bmp, 22);
        BitConverter.GetBytes((short)1).CopyTo(bmp, 26);
        BitConverter.GetBytes((short)24).CopyTo(bmp, 28);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < 3; c++)
                    bmp[54 + (height - 1 - y) * row + x * 3 + c] = grey[y * width + x];
        File.WriteAllBytes(path, bmp);
    }
}
