using System.Text.Json;
using System.Text.Json.Serialization;

namespace TfLite.Core.Tests.Conformance.Harness;

/// <summary>What one conformance run found for one model; serialized for docs/conversion-report.md.</summary>
public sealed class ConformanceResult
{
    /// <summary>Model id (corpus slug or synthetic case name).</summary>
    public required string Id { get; set; }

    /// <summary><c>real</c> or <c>synthetic</c>.</summary>
    public required string Group { get; set; }

    /// <summary>Keras file name.</summary>
    public required string KerasFile { get; set; }

    /// <summary>Keras layer classes in the model (nested included), sorted.</summary>
    public IReadOnlyList<string> Layers { get; set; } = [];

    /// <summary>Our operator histogram.</summary>
    public IReadOnlyDictionary<string, int> Ops { get; set; } = new Dictionary<string, int>();

    /// <summary>TensorFlow's operator histogram, where its float file exists.</summary>
    public IReadOnlyDictionary<string, int>? TfOps { get; set; }

    /// <summary>Our file size in bytes.</summary>
    public long Size { get; set; }

    /// <summary>TensorFlow's file size, where its float file exists.</summary>
    public long? TfSize { get; set; }

    /// <summary><c>tflite-float</c> (TensorFlow's own file in the oracle) or <c>keras-reference</c>.</summary>
    public string Truth { get; set; } = "";

    /// <summary>Number of samples compared.</summary>
    public int Samples { get; set; }

    /// <summary>Largest <c>|ours - truth| / max(1, |truth|)</c>.</summary>
    public double? MaxScaledDiff { get; set; }

    /// <summary>Largest <c>|ours - truth| / max(1, |truth|)</c> of our fused file (recurrent states in variable
    /// tensors, which the oracle cannot load) run by the managed interpreter; null for other models.</summary>
    public double? FusedMaxScaledDiff { get; set; }

    /// <summary>Largest absolute difference.</summary>
    public double? MaxAbsDiff { get; set; }

    /// <summary>Everything that did not conform; empty when the model passes.</summary>
    public List<string> Failures { get; set; } = [];

    /// <summary>Why the model was not checked, when skipped.</summary>
    public string? Skipped { get; set; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Environment variable naming the folder that receives one JSON file per model.</summary>
    public const string ResultsFolderVariable = "TFLITE_CONFORMANCE_RESULTS";

    /// <summary>Writes this result into the results folder when one is set (by docs/tools/Update-ConversionReport.ps1).</summary>
    public void Save()
    {
        var dir = Environment.GetEnvironmentVariable(ResultsFolderVariable);
        if (string.IsNullOrEmpty(dir)) return;
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"{Group}__{Id.Replace("/", "__")}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(this, Json));
    }
}
