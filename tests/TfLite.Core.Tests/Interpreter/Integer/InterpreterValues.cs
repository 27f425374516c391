using TfLite.Core.Graph;

namespace TfLite.Core.Tests.Interpreter.Integer;

/// <summary>Reads interpreter outputs of any numeric type as doubles (integers exactly, floats as they are).</summary>
internal static class InterpreterValues
{
    public static double[] Output(TfLite.Core.Interpreter.Interpreter interpreter, int index) => interpreter.Outputs[index].Type switch
    {
        TensorType.Int8 => interpreter.GetOutputArray<sbyte>(index).Select(v => (double)v).ToArray(),
        TensorType.UInt8 => interpreter.GetOutputArray<byte>(index).Select(v => (double)v).ToArray(),
        TensorType.Int16 => interpreter.GetOutputArray<short>(index).Select(v => (double)v).ToArray(),
        TensorType.Int32 => interpreter.GetOutputArray<int>(index).Select(v => (double)v).ToArray(),
        TensorType.Float32 => interpreter.GetOutputArray<float>(index).Select(v => (double)v).ToArray(),
        var t => throw new InvalidOperationException($"Unexpected output type {t}."),
    };
}
