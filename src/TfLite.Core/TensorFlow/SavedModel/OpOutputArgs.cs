namespace TfLite.Core.TensorFlow.SavedModel;

/// <summary>
/// Where a named output argument starts among an op's flat outputs. Function bodies name tensors
/// <c>node:output_arg:index</c> while GraphDefs count a node's outputs from 0, so an op with several output arguments
/// needs its argument order (from its OpDef); every other op has one output argument, which starts at 0.
/// </summary>
internal static class OpOutputArgs
{
    private static readonly Dictionary<string, string[]> MultiArgOps = new(StringComparer.Ordinal)
    {
        ["FusedBatchNorm"] = ["y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2"],
        ["FusedBatchNormV2"] = ["y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2"],
        ["FusedBatchNormV3"] = ["y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2", "reserve_space_3"],
        ["TopKV2"] = ["values", "indices"],
        ["Unique"] = ["y", "idx"],
        ["Switch"] = ["output_false", "output_true"],
        ["Merge"] = ["output", "value_index"],
        ["QuantizeV2"] = ["output", "output_min", "output_max"],
        ["BroadcastGradientArgs"] = ["r0", "r1"],
    };

    /// <summary>The flat index of the first tensor of <paramref name="argName"/> among <paramref name="op"/>'s outputs;
    /// null when the op is known and has no such argument.</summary>
    public static int? Start(string op, string argName)
    {
        if (!MultiArgOps.TryGetValue(op, out var args)) return 0;
        var index = Array.IndexOf(args, argName);
        return index < 0 ? null : index;
    }
}
