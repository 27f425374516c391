using TfLite.Core.Graph;
using Fb = TfLite.Core.Serialization.Schema;
using Op = TfLite.Core.Graph.BuiltinOperator;

namespace TfLite.Core.Serialization.Options;

/// <summary>Codecs of the recurrent and stateful operators' options.</summary>
internal static class RecurrentOptionsCodecs
{
    public static IEnumerable<OptionsCodec> All =>
    [
        OptionsCodec.Of<Fb.UnidirectionalSequenceLSTMOptions, UnidirectionalSequenceLstmOptions>(
            Fb.BuiltinOptions.UnidirectionalSequenceLSTMOptions, [Op.UnidirectionalSequenceLstm],
            t => new UnidirectionalSequenceLstmOptions
            {
                FusedActivation = t.FusedActivationFunction.ToGraph(), CellClip = t.CellClip, ProjClip = t.ProjClip,
                TimeMajor = t.TimeMajor, AsymmetricQuantizeInputs = t.AsymmetricQuantizeInputs,
                DiagonalRecurrentTensors = t.DiagonalRecurrentTensors,
            },
            (b, o) => Fb.UnidirectionalSequenceLSTMOptions.CreateUnidirectionalSequenceLSTMOptions(b, o.FusedActivation.ToSchema(),
                o.CellClip, o.ProjClip, o.TimeMajor, o.AsymmetricQuantizeInputs, o.DiagonalRecurrentTensors).Value),

        OptionsCodec.Of<Fb.SequenceRNNOptions, SequenceRnnOptions>(Fb.BuiltinOptions.SequenceRNNOptions, [Op.UnidirectionalSequenceRnn],
            t => new SequenceRnnOptions
            {
                TimeMajor = t.TimeMajor, FusedActivation = t.FusedActivationFunction.ToGraph(),
                AsymmetricQuantizeInputs = t.AsymmetricQuantizeInputs,
            },
            (b, o) => Fb.SequenceRNNOptions.CreateSequenceRNNOptions(b, o.TimeMajor, o.FusedActivation.ToSchema(),
                o.AsymmetricQuantizeInputs).Value),

        OptionsCodec.Of<Fb.LSTMOptions, LstmOptions>(Fb.BuiltinOptions.LSTMOptions, [Op.Lstm],
            t => t.KernelType == Fb.LSTMKernelType.FULL
                ? new LstmOptions
                {
                    FusedActivation = t.FusedActivationFunction.ToGraph(), CellClip = t.CellClip, ProjClip = t.ProjClip,
                    AsymmetricQuantizeInputs = t.AsymmetricQuantizeInputs,
                }
                : throw SchemaMappingException.Unsupported($"LSTM kernel type {t.KernelType} is not supported"),
            (b, o) => Fb.LSTMOptions.CreateLSTMOptions(b, o.FusedActivation.ToSchema(), o.CellClip, o.ProjClip,
                Fb.LSTMKernelType.FULL, o.AsymmetricQuantizeInputs).Value),

        OptionsCodec.Of<Fb.RNNOptions, RnnOptions>(Fb.BuiltinOptions.RNNOptions, [Op.Rnn],
            t => new RnnOptions { FusedActivation = t.FusedActivationFunction.ToGraph(), AsymmetricQuantizeInputs = t.AsymmetricQuantizeInputs },
            (b, o) => Fb.RNNOptions.CreateRNNOptions(b, o.FusedActivation.ToSchema(), o.AsymmetricQuantizeInputs).Value),

        OptionsCodec.Of<Fb.SVDFOptions, SvdfOptions>(Fb.BuiltinOptions.SVDFOptions, [Op.Svdf],
            t => new SvdfOptions
            {
                Rank = t.Rank, FusedActivation = t.FusedActivationFunction.ToGraph(), AsymmetricQuantizeInputs = t.AsymmetricQuantizeInputs,
            },
            (b, o) => Fb.SVDFOptions.CreateSVDFOptions(b, o.Rank, o.FusedActivation.ToSchema(), o.AsymmetricQuantizeInputs).Value),

        OptionsCodec.Of<Fb.VarHandleOptions, VarHandleOptions>(Fb.BuiltinOptions.VarHandleOptions, [Op.VarHandle],
            t => new VarHandleOptions { Container = t.Container, SharedName = t.SharedName },
            (b, o) => Fb.VarHandleOptions.CreateVarHandleOptions(b,
                o.Container is null ? default : b.CreateString(o.Container),
                o.SharedName is null ? default : b.CreateString(o.SharedName)).Value),
    ];
}
