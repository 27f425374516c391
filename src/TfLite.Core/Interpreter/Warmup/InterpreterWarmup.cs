using TfLite.Core.Data;
using TfLite.Core.Graph;
using TfLite.Core.Inference;
using TfLite.Core.Serialization;

namespace TfLite.Core.Interpreter.Warmup;

/// <summary>
/// Makes a process's first real Invoke fast. .NET compiles a method the first time it runs, and the first Invoke of
/// a MobileNet-sized model would otherwise spend most of its time compiling the reader, the planner and the kernels. Running
/// two small built-in models (<see cref="WarmupModels"/>) once, e.g. on a background thread when the module is
/// imported, does that compiling ahead, on another core, while the caller is still reading its model.
/// </summary>
public static class InterpreterWarmup
{
    /// <summary>Runs each built-in model once with each rounding mode, then writes it to .tflite bytes and reads it
    /// back (as <c>Export-TfLiteModel</c> and <c>Import-TfLiteModel</c> would), on the calling thread. The kernels come
    /// first: they cost the most to compile, and a caller reading its own model compiles the reader meanwhile.</summary>
    public static void Run()
    {
        TfLiteGraph[] models = [WarmupModels.Int8(), WarmupModels.Float32()];
        foreach (var graph in models)
        {
            foreach (var rounding in new[] { RoundingMode.Double, RoundingMode.Xnnpack })
            {
                var runner = new ModelRunner(graph, new InterpreterOptions { Rounding = rounding });
                runner.Run([new NamedArray(null, InputFor(graph.Inputs[0]))]);
            }
        }
        foreach (var graph in models) TfLiteReader.Read(TfLiteWriter.Write(graph));
    }

    private static NDArray InputFor(Tensor input)
    {
        int count = (int)input.ElementCount;
        Array values = input.Type == TensorType.Int8
            ? Enumerable.Range(0, count).Select(i => (sbyte)(i * 37 % 256 - 128)).ToArray()
            : Enumerable.Range(0, count).Select(i => (i * 37 % 256) / 256f).ToArray();
        return new NDArray(values, input.Shape);
    }
}
