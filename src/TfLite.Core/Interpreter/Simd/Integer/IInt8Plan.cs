namespace TfLite.Core.Interpreter.Simd.Integer;

/// <summary>A vectorized int8 kernel prepared for fixed shapes and constant weights.</summary>
internal interface IInt8Plan
{
    /// <summary>Computes the output from the input (both as the tensors' bytes).</summary>
    void Run(ReadOnlyMemory<byte> input, Memory<byte> output);
}
