using TfLite.Core.Graph;

namespace TfLite.Core.Interpreter;

/// <summary>Receives the time one operator took during <see cref="Interpreter.Invoke"/>.</summary>
/// <param name="operatorIndex">Index of the operator in the main subgraph's execution order.</param>
/// <param name="code">The operator's builtin code.</param>
/// <param name="elapsedTicks">Elapsed time in <see cref="System.Diagnostics.Stopwatch"/> ticks.</param>
public delegate void OperatorTimingHandler(int operatorIndex, BuiltinOperator code, long elapsedTicks);

/// <summary>Settings of an <see cref="Interpreter"/>, fixed when it is created.</summary>
public sealed record InterpreterOptions
{
    /// <summary>Requantization rounding of the integer kernels; <see cref="RoundingMode.Double"/> by default.</summary>
    public RoundingMode Rounding { get; init; } = RoundingMode.Double;

    /// <summary>Threads the heavy kernels may split their work over (1 = run on the calling thread).
    /// Results do not depend on it: work is split by output element, never inside one sum.</summary>
    public int ThreadCount { get; init; } = 1;

    /// <summary>Give every tensor its own memory instead of sharing the arena, so that every intermediate
    /// tensor's values can be read after <see cref="Interpreter.Invoke"/> (TFLite's <c>preserve_all_tensors</c>).</summary>
    public bool PreserveAllTensors { get; init; }

    /// <summary>Use the vector paths of the kernels (false runs TFLite's scalar reference kernels). They equal the
    /// scalar paths bit for bit, except the float CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED kernels, whose fused
    /// multiply-adds round each sum's terms once and stay within a bound proportional to the sum's length.</summary>
    public bool UseSimd { get; init; } = true;

    /// <summary>Called after each operator with its elapsed time; null for no timing.</summary>
    public OperatorTimingHandler? OperatorTiming { get; init; }

    /// <summary>The default options.</summary>
    public static InterpreterOptions Default { get; } = new();
}
