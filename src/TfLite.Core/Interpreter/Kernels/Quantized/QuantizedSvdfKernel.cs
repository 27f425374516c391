using TfLite.Core.Graph;
using TfLite.Core.Interpreter.Reference.Integer;

namespace TfLite.Core.Interpreter.Kernels.Quantized;

/// <summary>
/// SVDF for int8 input and output with int16 or int8 time weights and state (inputs: input [batch, input_size],
/// feature weights [filters, input_size], time weights [filters, memory], bias?, state [batch, memory * filters],
/// a variable tensor that carries the memory across Invoke calls).
/// </summary>
internal sealed class QuantizedSvdfKernel : QuantizedKernel
{
    private const int Input = 0, FeatureWeights = 1, TimeWeights = 2, Bias = 3, State = 4;

    private sealed record Dimensions(SvdfParams Params, int Batches, int InputSize, int Filters, int Memory);

    public override string? CheckSupport(OpNode node)
    {
        if (node.InputCount < 5 || node.OptionalInput(State) is not { } state) return "SVDF needs 5 inputs";
        var (input, feature, time, output) = (node.Input(Input), node.Input(FeatureWeights), node.Input(TimeWeights), node.Output(0));
        if (input.Type != TensorType.Int8 || feature.Type != TensorType.Int8 || output.Type != TensorType.Int8)
            return "the integer SVDF takes int8 input, feature weights and output";
        if (time.Type is not (TensorType.Int8 or TensorType.Int16) || state.Type != time.Type)
            return "time weights and state must both be int8 or both int16";
        if (node.OptionalInput(Bias) is { Type: not TensorType.Int32 }) return "the bias must be int32";
        if (!state.IsVariable) return "the state must be a variable tensor";
        return QuantizedTensors.CheckQuantized(input, feature, time, state, output);
    }

    public override void Prepare(OpNode node)
    {
        var o = node.GetOptions<SvdfOptions>();
        var (input, feature, time, state, output) =
            (node.Input(Input), node.Input(FeatureWeights), node.Input(TimeWeights), node.Input(State), node.Output(0));
        KernelSupport.RequireRank(node, input, 2);
        KernelSupport.RequireRank(node, feature, 2);
        KernelSupport.RequireRank(node, time, 2);
        int batches = input.Shape[0], inputSize = input.Shape[1], filters = feature.Shape[0], memory = time.Shape[1];
        KernelSupport.Require(node, o.Rank > 0 && filters % o.Rank == 0, $"{filters} filters do not split into rank {o.Rank}");
        KernelSupport.Require(node, feature.Shape[1] == inputSize && time.Shape[0] == filters, "the weights do not match the input and filters");
        KernelSupport.Require(node, state.ElementCount == batches * memory * filters, "the state does not match batch x memory x filters");
        node.SetOutputShape(0, [batches, filters / o.Rank]);
        var p = SvdfParams.Create(o.Rank, QuantizedTensors.Scale(node, input), QuantizedTensors.ZeroPoint(node, input),
            QuantizedTensors.Scale(node, feature), QuantizedTensors.Scale(node, state), QuantizedTensors.ZeroPoint(node, state),
            QuantizedTensors.Scale(node, time), QuantizedTensors.Scale(node, output), QuantizedTensors.ZeroPoint(node, output),
            node.Rounding);
        node.State = new Dimensions(p, batches, inputSize, filters, memory);
    }

    public override void Eval(OpNode node)
    {
        var d = node.GetState<Dimensions>();
        var (input, feature, time, state, output) =
            (node.Input(Input), node.Input(FeatureWeights), node.Input(TimeWeights), node.Input(State), node.Output(0));
        var bias = QuantizedTensors.OptionalSpan<int>(node.OptionalInput(Bias));
        if (time.Type == TensorType.Int16)
            IntegerSvdf.Svdf(d.Params, d.Batches, d.InputSize, d.Filters, d.Memory, input.AsSpan<sbyte>(), feature.AsSpan<sbyte>(),
                time.AsSpan<short>(), bias, state.Writable<short>(), output.Writable<sbyte>());
        else
            IntegerSvdf.Svdf(d.Params, d.Batches, d.InputSize, d.Filters, d.Memory, input.AsSpan<sbyte>(), feature.AsSpan<sbyte>(),
                time.AsSpan<sbyte>(), bias, state.Writable<sbyte>(), output.Writable<sbyte>());
    }
}
