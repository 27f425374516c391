namespace TfLite.Core.Interpreter;

/// <summary>A buffer to place in the arena: its size and the operators between which it must stay intact.</summary>
/// <param name="Id">Caller's id for the buffer (the tensor index).</param>
/// <param name="Name">Name for reports (the tensor name).</param>
/// <param name="Size">Bytes needed.</param>
/// <param name="FirstUsed">Index of the first operator that writes or reads it.</param>
/// <param name="LastUsed">Index of the last operator that reads it.</param>
public readonly record struct BufferRequest(int Id, string Name, int Size, int FirstUsed, int LastUsed);
