namespace TfLite.Core.Interpreter.Reference.Integer;

/// <summary>Argument checks shared by the integer reference kernels: they guard against buffers that do not fit
/// the shapes given, so a bad call fails with a clear message instead of reading out of range.</summary>
internal static class ShapeChecks
{
    public static void Length(int actual, int expected, string name)
    {
        if (actual < expected)
            throw new ArgumentException($"'{name}' holds {actual} elements; its shape needs {expected}.", name);
    }

    public static void Equal(int actual, int expected, string what)
    {
        if (actual != expected)
            throw new ArgumentException($"{what}: {actual} does not match {expected}.");
    }

    public static void Bias(int biasLength, int outputDepth)
    {
        if (biasLength != 0 && biasLength < outputDepth)
            throw new ArgumentException($"The bias holds {biasLength} values for {outputDepth} output channels.", "bias");
    }
}
