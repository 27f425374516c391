using System.Globalization;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.Oracle;
using Xunit;

namespace TfLite.Core.Tests.Conformance;

public sealed class OracleRunnerTests
{
    private static string HelloWorld(string kind) =>
        SharedData.Path("conformance", "tflite-micro", "models", $"hello_world_{kind}.tflite");

    [Fact]
    public void Describe_reports_dynamic_batch_and_ops()
    {
        var d = OracleRunner.Describe(HelloWorld("float"));
        Assert.Equal(["FULLY_CONNECTED"], d.Ops);
        var input = Assert.Single(d.Inputs);
        Assert.Equal("float32", input.DType);
        Assert.Equal([-1, 1], input.ShapeSignature!);
        Assert.True(input.HasDynamicBatch);
        Assert.Single(d.Outputs);
    }

    [Fact]
    public void Float_model_runs_a_batch_in_one_call()
    {
        // x = 1.0 -> 0.8630436 is the value the tflite-micro hello_world README documents.
        var result = OracleRunner.Run(HelloWorld("float"), [OracleTensor.Float32([3, 1], [1.0f, 0.5f, 1.0f])]);
        var y = Assert.Single(result.Outputs);
        Assert.Equal("float32", y.DType);
        Assert.Equal([3, 1], y.Shape);
        var v = y.AsFloat32();
        Assert.Equal(0.8630436f, v[0], 6);
        Assert.Equal(v[0], v[2]);
        Assert.NotEqual(v[0], v[1]);
    }

    [Fact]
    public void Int8_model_runs_and_dequantizes()
    {
        // x = -64 -> 126 (documented by the oracle README for hello_world int8).
        var result = OracleRunner.Run(HelloWorld("int8"), [OracleTensor.Int8([1, 1], [-64])], new OracleOptions { Dequantize = true });
        var y = Assert.Single(result.Outputs);
        Assert.Equal("int8", y.DType);
        Assert.Equal(126, y.AsInt8()[0]);
        Assert.NotNull(y.Quantization);
        Assert.NotNull(y.Dequantized);
        Assert.Equal((126 - y.Quantization!.ZeroPoint[0]) * y.Quantization.Scale[0], y.Dequantized![0], 12);
    }

    [Theory]
    [InlineData("add", "add0")]
    [InlineData("leaky_relu", "leaky_relu0")]
    [InlineData("pad", "pad0")]
    [InlineData("strided_slice", "strided_slice0")]
    public void Int16_seanet_model_matches_its_golden(string op, string name)
    {
        var dir = SharedData.Path("conformance", "tflite-micro", "seanet", op);
        var model = Path.Combine(dir, name + ".tflite");
        var description = OracleRunner.Describe(model);
        var inputs = description.Inputs.Select((info, i) =>
            OracleTensor.Int16(info.Shape, ReadCsv(Path.Combine(dir, $"{name}_input{i}_int16.csv")).Select(v => (short)v).ToArray())).ToArray();
        var y = Assert.Single(OracleRunner.Run(model, inputs).Outputs);
        var golden = ReadCsv(Path.Combine(dir, $"{name}_golden_int16.csv"));
        Assert.Equal(golden, y.AsInt16().Select(v => (long)v).ToArray());
    }

    [Fact]
    public void A_file_that_is_no_model_fails_with_exit_2()
    {
        var e = Assert.Throws<OracleException>(() => OracleRunner.Describe("not a flatbuffer at all, only text"u8));
        Assert.Equal(2, e.ExitCode);
        Assert.Contains("load error", e.StdErr);
    }

    [Fact]
    public void Wrong_input_count_fails_with_exit_1()
    {
        var x = OracleTensor.Float32([1, 1], [0f]);
        var e = Assert.Throws<OracleException>(() => OracleRunner.Run(HelloWorld("float"), [x, x]));
        Assert.Equal(1, e.ExitCode);
        Assert.Contains("2 entries", e.Message);
    }

    [Fact]
    public void A_run_past_its_timeout_is_killed()
    {
        var e = Assert.Throws<OracleException>(() => OracleRunner.Run(HelloWorld("float"), [OracleTensor.Float32([1, 1], [0f])],
            new OracleOptions { Timeout = TimeSpan.FromMilliseconds(1) }));
        Assert.Equal(-1, e.ExitCode);
    }

    [Fact]
    public void Float_inputs_are_written_so_that_they_parse_back_exactly()
    {
        // The oracle parses each number as a double and rounds it to float32 (Math.fround); emulate that here.
        var values = new[] { 0.1f, 1f / 3, float.Epsilon, float.MaxValue, -2.5e-38f, 16777217f, 0.99999994f };
        using var stream = new MemoryStream();
        OracleJson.WriteInputs(stream, [OracleTensor.Float32([values.Length], values)]);
        using var doc = System.Text.Json.JsonDocument.Parse(stream.ToArray());
        var data = doc.RootElement[0].GetProperty("data").EnumerateArray()
            .Select(e => (float)double.Parse(e.GetRawText(), CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(values, data);
    }

    private static long[] ReadCsv(string path) =>
        File.ReadAllText(path).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
}
