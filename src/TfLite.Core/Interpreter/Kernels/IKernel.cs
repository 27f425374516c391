namespace TfLite.Core.Interpreter.Kernels;

/// <summary>
/// The glue of one builtin operator, the TFLite Micro way: a support check on types, a Prepare step (output shapes,
/// requantization parameters, LUTs, transposed weights — everything that does not depend on tensor values) and an
/// Eval step that dispatches on type into pure static math over spans.
/// </summary>
internal interface IKernel
{
    /// <summary>Null when the node's combination of tensor types and options is supported, else one line saying
    /// what is not (collected across all operators into one error).</summary>
    string? CheckSupport(OpNode node);

    /// <summary>Infers output shapes and computes what Eval needs; runs again whenever input shapes change.</summary>
    void Prepare(OpNode node);

    /// <summary>Computes the outputs.</summary>
    void Eval(OpNode node);
}
