using System.Text.RegularExpressions;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Integer;

/// <summary>
/// The 127 single-operator int16x8 models of TFLite Micro's seanet integration tests, with the inputs and outputs
/// TFLite computed for them: every output must be equal, element for element, in the default (double) rounding.
/// </summary>
public partial class SeanetGoldenTests
{
    private static string Folder => SharedData.Path("conformance", "tflite-micro", "seanet");

    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.tflite", SearchOption.AllDirectories)
                     .Select(f => Path.GetRelativePath(Folder, f))
                     .OrderBy(f => ModelNumber().Replace(f, m => m.Value.PadLeft(3, '0')), StringComparer.Ordinal))
            data.Add(file);
        return data;
    }

    [Fact]
    public void TheCorpusHoldsAllModels() => Assert.Equal(127, Models().Count);

    [Theory]
    [MemberData(nameof(Models))]
    public void Output_EqualsTFLiteGolden(string model)
    {
        var path = Path.Combine(Folder, model);
        var stem = path[..^".tflite".Length];
        var interpreter = new TfLite.Core.Interpreter.Interpreter(TfLiteReader.ReadFile(path));
        for (int i = 0; i < interpreter.Inputs.Count; i++)
        {
            var input = interpreter.Inputs[i];
            var values = ReadCsv(Single($"{Path.GetFileName(stem)}_input{i}_*.csv", path));
            switch (input.Type)
            {
                case TensorType.Int16: interpreter.SetInput(i, values.Select(v => checked((short)v)).ToArray()); break;
                case TensorType.Int32: interpreter.SetInput(i, values.Select(v => checked((int)v)).ToArray()); break;
                default: throw new InvalidOperationException($"{model}: unexpected input type {input.Type}.");
            }
        }
        interpreter.Invoke();

        var expected = ReadCsv(Single($"{Path.GetFileName(stem)}_golden_*.csv", path));
        var output = interpreter.Outputs[0];
        long[] actual = output.Type switch
        {
            TensorType.Int16 => interpreter.GetOutputArray<short>(0).Select(v => (long)v).ToArray(),
            TensorType.Int32 => interpreter.GetOutputArray<int>(0).Select(v => (long)v).ToArray(),
            _ => throw new InvalidOperationException($"{model}: unexpected output type {output.Type}."),
        };
        Assert.Equal(expected.Length, actual.Length);
        var mismatches = Enumerable.Range(0, expected.Length).Where(i => expected[i] != actual[i]).ToList();
        if (mismatches.Count == 0) return;
        int first = mismatches[0];
        Assert.Fail($"{model}: {mismatches.Count} of {expected.Length} values differ, first at {first}: expected " +
                    $"{expected[first]}, got {actual[first]}; largest difference {mismatches.Max(i => Math.Abs(expected[i] - actual[i]))}");
    }

    private static string Single(string pattern, string modelPath)
    {
        var matches = Directory.GetFiles(Path.GetDirectoryName(modelPath)!, pattern);
        Assert.True(matches.Length == 1, $"{pattern}: {matches.Length} files");
        return matches[0];
    }

    private static long[] ReadCsv(string path) =>
        File.ReadAllText(path).Split([',', '\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();

    [GeneratedRegex(@"\d+")]
    private static partial Regex ModelNumber();
}
