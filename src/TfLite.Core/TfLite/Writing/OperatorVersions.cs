using TfLite.Core.Graph;
using Op = TfLite.Core.Graph.BuiltinOperator;
using T = TfLite.Core.Graph.TensorType;

namespace TfLite.Core.Serialization.Writing;

/// <summary>
/// The lowest version of a builtin operator that a runtime must implement to run it with its tensor types and
/// options: TFLite's op_version rules (tools/versioning/op_version.cc), so that a model runs on every runtime that
/// could run TensorFlow's own conversion of it. Operators without rules are version 1.
/// </summary>
internal static class OperatorVersions
{
    /// <summary>The version an operator needs.</summary>
    public static int Lowest(Operator op)
    {
        var s = new Signature(op);
        switch (op.Code)
        {
            case Op.Conv2D:
                if (s.Is(T.Int16, T.Int8, T.Int16) && HasQuantizedBiasType(op.Options as Conv2DOptions)) return 8;
                if (s.IsGroupedConvolution) return 6;
                if (s.Is(T.Int16, T.Int16, T.Int16)) return 4;
                if (s.Is(T.Int8, T.Int8, T.Int8)) return 3;
                if (s.Is(T.Int8, T.Int4, T.Int8)) return 7;
                if (s.Is(T.Float32, T.Int8, T.Float32)) return s.IsPerChannel(weights: 1, axisDim: 0) ? 5 : 2;
                return 1;
            case Op.DepthwiseConv2D:
                if (s.Is(T.Int16, T.Int16, T.Int16)) return 5;
                if (s.Is(T.Float32, T.Int8, T.Float32)) return s.IsPerChannel(weights: 1, axisDim: 3) ? 6 : 4;
                if (s.Is(T.Int8, T.Int8, T.Int8)) return 3;
                if (s.Is(T.Int8, T.Int4, T.Int8)) return 7;
                return op.Options is DepthwiseConv2DOptions { DilationW: not 1 } or DepthwiseConv2DOptions { DilationH: not 1 } ? 2 : 1;
            case Op.EmbeddingLookup:
                return s.In(1) == T.Int4 || s.IsPerChannel(weights: 1, axisDim: 0, moreThanOne: true) ? 4 : 1;
            case Op.FullyConnected:
                return FullyConnected(s, op.Options as FullyConnectedOptions);
            case Op.Gather:
                if (s.In(0) == T.Int4) return 7;
                if (s.In(1) == T.Int16) return 6;
                if (op.Options is GatherOptions { BatchDims: not 0 }) return 5;
                return s.In(0) switch { T.Int16 => 4, T.Bool => 3, T.Int8 => 2, _ => 1 };
            case Op.Svdf:
                if (s.In(0) == T.Int8) return 3;
                if (s.Is(T.Float32, T.Int8, T.Float32)) return op.Options is SvdfOptions { AsymmetricQuantizeInputs: true } ? 4 : 2;
                return 1;
            case Op.Sign:
                return s.In(0) == T.Int32 ? 2 : 1;
            case Op.Mul:
                return Mul(s);
            case Op.MaxPool2D:
            case Op.AveragePool2D:
                if (s.In(0) == T.Int16 && s.Out(0) == T.Int16) return 3;
                return s.In(0) == T.Int8 ? 2 : 1;
            case Op.Transpose:
                if (s.Rank(0) > 6 || s.In(0) == T.BFloat16) return 8;
                if (s.In(0) == T.Int4) return 7;
                if (s.Rank(0) > 5) return 6;
                if (s.In(0) == T.Int16) return 5;
                if (s.Rank(0) > 4) return 4;
                return s.In(0) switch { T.Bool => 3, T.Int8 => 2, _ => 1 };
            case Op.TransposeConv:
                // Input 0 is the output shape; TFLite's rule tests it (not the activations) for int16.
                if (s.Is(T.Int16, T.Int8, T.Int16) && HasQuantizedBiasType(op.Options as TransposeConvOptions)) return 5;
                if (op.Options is TransposeConvOptions { FusedActivation: not ActivationFunction.None }) return 4;
                if (s.InputCount == 4 && s.In(3) is not null) return 3;
                return s.In(1) == T.Int8 ? 2 : 1;
            case Op.Lstm:
                if (s.In(0) == T.Int16 && s.In(2) == T.Int8 && s.Out(0) == T.Int16) return 5;
                if (s.In(0) == T.Float32 && s.In(2) == T.Int8 && s.Out(0) == T.Float32)
                    return op.Options is LstmOptions { AsymmetricQuantizeInputs: true } ? 4 : 3;
                return 1;
            case Op.Split:
                return s.In(1) switch { T.Int16 => 4, T.Int32 => 3, T.Int8 => 2, _ => 1 };
            case Op.SparseToDense:
                return s.In(2) switch { T.Int8 or T.UInt8 => 3, T.Int64 => 2, _ => 1 };
            case Op.Slice:
                if (s.In(0) == T.Int4) return 7;
                if (s.In(0) == T.UInt32) return 6;
                if (s.Rank(0) > 4) return 5;
                return s.In(0) switch { T.Int16 => 4, T.String => 3, T.Int8 => 2, _ => 1 };
            case Op.Unpack:
                if (s.In(0) is T.Int8 or T.UInt8) return 2;
                if (s.In(0) == T.Bool) return 3;
                if (s.In(0) == T.Int16 && s.Out(0) == T.Int16) return 4;
                return s.In(0) is T.Float16 or T.BFloat16 ? 5 : 1;
            case Op.Dequantize:
                if (s.In(0) == T.Int4) return 6;
                if (s.In(0) is T.Int16 or T.Float16) return 3;
                if (s.In(0) == T.Int8) return IsPerAxis(s.Input(0)) ? 5 : 2;
                return 1;
            case Op.Quantize:
                if (s.In(0) == T.Int4 || s.Out(0) == T.Int4) return 4;
                if (IsPerAxis(s.Output(0))) return 3;
                return s.Out(0) == T.Int16 ? 2 : 1;
            case Op.FloorDiv:
                return s.In(0) switch { T.Int16 or T.Int8 => 3, T.Float32 => 2, _ => 1 };
            case Op.FloorMod:
                return s.In(0) is T.Int16 or T.Int8 ? 2 : 1;
            case Op.L2Normalization:
                return s.Out(0) == T.Int8 ? 2 : 1;
            case Op.Abs:
                return s.In(0) switch { T.Int32 => 5, T.Int16 => s.IsQuantized(0) ? 3 : 4, T.Int8 or T.UInt8 => 2, _ => 1 };
            case Op.Relu:
                return s.In(0) switch { T.Int16 => 3, T.Int8 or T.UInt8 => 2, _ => 1 };
            case Op.StridedSlice:
                return StridedSlice(s, op.Options as StridedSliceOptions);
            case Op.ReverseV2:
                return s.In(0) switch { T.Int8 => 3, T.Bool => 2, _ => 1 };
            case Op.ResizeBilinear:
                if (s.In(0) == T.Int16) return 4;
                if (op.Options is ResizeBilinearOptions { HalfPixelCenters: true }) return 3;
                return s.In(0) == T.Int8 ? 2 : 1;
            case Op.ResizeNearestNeighbor:
                if (s.In(0) == T.Int16) return 4;
                if (op.Options is ResizeNearestNeighborOptions { HalfPixelCenters: true } or ResizeNearestNeighborOptions { AlignCorners: true }) return 3;
                return s.In(0) == T.Int8 ? 2 : 1;
            case Op.Maximum:
            case Op.Minimum:
                if (s.In(0) == T.Int16 && s.Out(0) == T.Int16) return 4;
                if (s.NeedsBroadcastBeyond4D) return 3;
                return s.In(0) == T.Int8 ? 2 : 1;
            case Op.Pack:
                if (s.In(0) == T.Int8) return 2;
                if (s.In(0) == T.Int16 && s.Out(0) == T.Int16) return 3;
                return s.In(0) == T.UInt32 ? 4 : 1;
            case Op.Tile:
                return s.In(0) switch { T.Int8 => 3, T.String => 2, _ => 1 };
            case Op.Squeeze:
                return s.In(0) == T.String ? 2 : 1;
            case Op.SpaceToBatchNd:
            case Op.BatchToSpaceNd:
                if (s.In(0) == T.Int16) return 4;
                if (s.Rank(0) != 4) return 3;
                return s.In(0) == T.Int8 ? 2 : 1;
            case Op.Add:
                if (s.In(0) == T.Float16) return 6;
                if (s.In(0) == T.Int16 && !s.IsQuantized(0)) return 5;
                if (s.In(0) == T.Int64) return 4;
                if (s.In(0) == T.Int16 && s.Out(0) == T.Int16 && op.Options is AddOptions { PotScaleInt16: false }) return 3;
                return s.In(0) == T.Int8 ? 2 : 1;
            case Op.Sub:
                if (s.In(0) == T.Int16 && s.Out(0) == T.Int16 && op.Options is SubOptions { PotScaleInt16: false }) return 5;
                if (s.In(0) == T.Int64) return 4;
                if (s.NeedsBroadcastBeyond4D) return 3;
                return s.In(0) == T.Int8 ? 2 : 1;
            case Op.GatherNd:
                if (s.In(0) == T.Bool) return 5;
                if (s.In(1) == T.Int16) return 4;
                return s.In(0) switch { T.Int16 => 3, T.String => 2, _ => 1 };
            case Op.Div:
                return s.NeedsBroadcastBeyond4D ? 2 : 1;
            case Op.Tanh:
            case Op.Logistic:
                if (s.In(0) == T.Int16 && s.Out(0) == T.Int16) return 3;
                return s.In(0) == T.Int8 ? 2 : 1;
            case Op.Fill:
                return s.InputCount < 2 ? 1 : s.In(1) switch { T.Float16 => 4, T.Int8 or T.Int16 => 3, T.Bool or T.String => 2, _ => 1 };
            case Op.Equal:
                return s.In(0) switch { T.Int16 => 5, T.String => 3, T.Int8 => 2, _ => 1 };
            case Op.NotEqual:
                return s.In(0) switch { T.Int16 => 4, T.String => 3, T.Int8 => 2, _ => 1 };
            case Op.LeakyRelu:
                return s.In(0) == T.Int16 ? 2 : 1;
            case Op.Range:
                return s.In(0) == T.Int64 ? 2 : 1;
            case Op.BatchMatmul:
                if (s.In(0) == T.Int16) return 3;
                if (s.In(0) == T.Int8) return 2;
                return s.Is(T.Float32, T.Int8, T.Float32) && op.Options is BatchMatMulOptions { AsymmetricQuantizeInputs: true } ? 4 : 1;
            case Op.Pad:
            case Op.Padv2:
                if (s.In(0) == T.Bool) return 5;
                if (s.Rank(0) > 4) return 4;
                return s.In(0) switch { T.Int16 => 3, T.Int8 => 2, _ => 1 };
            case Op.Concatenation:
                return s.In(0) switch { T.Int4 => 5, T.UInt32 => 4, T.Int16 => 3, T.Int8 => 2, _ => 1 };
            case Op.Softmax:
            case Op.Mean:
            case Op.MirrorPad:
            case Op.ReduceMax:
            case Op.ReduceMin:
            case Op.Relu6:
            case Op.Rsqrt:
                return s.In(0) switch { T.Int16 => 3, T.Int8 => 2, _ => 1 };
            case Op.Rnn:
                return HybridRecurrent(s, op.Options is RnnOptions { AsymmetricQuantizeInputs: true });
            case Op.UnidirectionalSequenceRnn:
                return HybridRecurrent(s, op.Options is SequenceRnnOptions { AsymmetricQuantizeInputs: true });
            case Op.BidirectionalSequenceRnn:
            case Op.BidirectionalSequenceLstm:
                return HybridRecurrent(s, asymmetric: false);
            case Op.UnidirectionalSequenceLstm:
                var lstm = op.Options as UnidirectionalSequenceLstmOptions;
                if (s.In(0) == T.Int16 && s.In(2) == T.Int8 && s.Out(0) == T.Int16) return 5;
                if (lstm is { DiagonalRecurrentTensors: true }) return 4;
                if (s.In(0) == T.Float32 && s.In(2) == T.Int8 && s.Out(0) == T.Float32) return lstm is { AsymmetricQuantizeInputs: true } ? 3 : 2;
                return 1;
            case Op.ArgMax:
            case Op.ArgMin:
                return s.In(0) switch { T.Bool => 3, T.Int8 => 2, _ => 1 };
            case Op.Select:
                if (s.In(0) == T.UInt32) return 4;
                if (s.Rank(0) == 5 || s.Rank(1) == 5 || s.Rank(2) == 5) return 3;
                return s.In(0) == T.Int8 ? 2 : 1;
            case Op.Less:
            case Op.GreaterEqual:
                return s.In(0) switch { T.Int16 => 3, T.Int8 => 2, _ => 1 };
            case Op.SelectV2:
                return s.In(0) == T.UInt32 ? 2 : 1;
            case Op.SpaceToDepth:
            case Op.SplitV:
            case Op.Sum:
            case Op.LogSoftmax:
            case Op.Greater:
            case Op.LessEqual:
            case Op.SquaredDifference:
            case Op.DepthToSpace:
                return s.In(0) == T.Int8 ? 2 : 1;
            case Op.TopkV2:
                if (s.In(0) == T.Int16 || s.In(1) == T.Int16 || s.Out(1) == T.Int16) return 3;
                return s.In(0) == T.Int8 ? 2 : 1;
            case Op.Exp:
            case Op.Log:
            case Op.ReduceProd:
            case Op.Sqrt:
                return s.In(0) is T.Int8 or T.Int16 ? 2 : 1;
            case Op.DynamicUpdateSlice:
                return s.In(0) switch { T.BFloat16 => 6, T.Int4 => 5, T.Int16 => 4, T.Float16 => 3, _ => s.In(2) == T.Int64 ? 2 : 1 };
            case Op.BroadcastTo:
                // Version 1 was withdrawn (its operator code was renumbered); quantized inputs need 3.
                return s.In(0) is T.Int8 or T.Int16 ? 3 : 2;
            case Op.Cast:
                return Cast(s.In(0), s.Out(0));
            case Op.Where:
                return s.In(0) == T.Bool ? 1 : 2;
            case Op.Gelu:
                return s.In(0) is T.Int8 or T.UInt8 ? 2 : 1;
            default:
                return 1;
        }
    }

    private static int FullyConnected(Signature s, FullyConnectedOptions? options)
    {
        if (s.Is(T.Int16, T.Int4, T.Int16)) return 13;
        if (s.Is(T.Float32, T.Int8, T.Float32) && s.IsPerChannel(weights: 1, axisDim: 0, moreThanOne: true)) return 12;
        if (s.Is(T.Int16, T.Int8, T.Int16) && HasQuantizedBiasType(options)) return 11;
        if (s.Is(T.Int16, T.Int16, T.Int16)) return 7;
        if (s.InputCount == 2) return 6;
        if (options is { KeepNumDims: true }) return 5;
        if (s.Is(T.Int8, T.Int8, T.Int8)) return 4;
        if (s.Is(T.Int8, T.Int4, T.Int8)) return 10;
        if (s.Is(T.Float32, T.Int8, T.Float32)) return options is { AsymmetricQuantizeInputs: true } ? 9 : 3;
        return 1;
    }

    private static int Mul(Signature s)
    {
        if (s.In(0) == T.Float16) return 8;
        if ((s.In(0) == T.Int16 && !s.IsQuantized(0) && !s.IsQuantized(1)) || s.In(0) == T.UInt32) return 7;
        if (s.In(0) == T.Complex64) return 6;
        if (s.In(0) == T.Int64) return 5;
        if (s.In(0) == T.Int16) return 4;
        // A rescale factor of at least 1 needs the kernel of version 3.
        if (s.Input(0)?.Quantization is { IsQuantized: true } a && s.Input(1)?.Quantization is { IsQuantized: true } b
            && s.Output(0)?.Quantization is { IsQuantized: true } o && a.Scale[0] != 0 && b.Scale[0] != 0 && o.Scale[0] != 0
            && a.Scale[0] * b.Scale[0] / o.Scale[0] >= 1f)
            return 3;
        return s.In(0) == T.Int8 ? 2 : 1;
    }

    private static int StridedSlice(Signature s, StridedSliceOptions? options)
    {
        if (options is { Offset: true }) return 8;
        if (s.In(0) == T.UInt32) return 7;
        if (options is { EllipsisMask: not 0 } or { NewAxisMask: not 0 }) return 6;
        if (s.In(0) == T.String) return 5;
        if (s.Rank(0) > 4) return 4;
        return s.In(0) switch { T.Bool => 3, T.Int8 => 2, _ => 1 };
    }

    private static int HybridRecurrent(Signature s, bool asymmetric) =>
        s.In(1) == T.Int8 && s.Out(0) == T.Float32 ? (asymmetric ? 3 : 2) : 1;

    private static int Cast(TensorType? input, TensorType? output)
    {
        bool Either(params TensorType[] types) => types.Any(t => input == t || output == t);
        if (Either(T.BFloat16)) return 7;
        if (input == T.Int4 && output == T.Float32) return 6;
        if (Either(T.Float64, T.Float16)) return 5;
        if (Either(T.UInt16)) return 4;
        if (Either(T.Int8)) return 3;
        return Either(T.UInt32) ? 2 : 1;
    }

    // TFLite reads a bias type only when the options set one other than the default (FLOAT32).
    private static bool HasQuantizedBiasType(OperatorOptions? options) => options switch
    {
        Conv2DOptions c => c.QuantizedBiasType != T.Float32,
        TransposeConvOptions t => t.QuantizedBiasType != T.Float32,
        FullyConnectedOptions f => f.QuantizedBiasType != T.Float32,
        _ => false,
    };

    // Per-axis quantization with one scale for each slice along the quantized dimension.
    private static bool IsPerAxis(Tensor? t) =>
        t?.Quantization is { Scale.Length: > 1 } q && q.QuantizedDimension >= 0 && q.QuantizedDimension < t.Shape.Length
        && q.Scale.Length == t.Shape[q.QuantizedDimension];

    /// <summary>What TFLite's versioning looks at: operand types (null for an omitted or missing operand), ranks,
    /// quantization.</summary>
    private readonly struct Signature(Operator op)
    {
        public int InputCount => op.Inputs.Count;

        public Tensor? Input(int i) => i < op.Inputs.Count ? op.Inputs[i] : null;

        public Tensor? Output(int i) => i < op.Outputs.Count ? op.Outputs[i] : null;

        public TensorType? In(int i) => Input(i)?.Type;

        public TensorType? Out(int i) => Output(i)?.Type;

        public int Rank(int i) => Input(i)?.Shape.Length ?? 0;

        public bool IsQuantized(int i) => Input(i)?.Quantization is { IsQuantized: true };

        /// <summary>Input 0, input 1 (weights) and output 0 have these types.</summary>
        public bool Is(TensorType input, TensorType weights, TensorType output) =>
            In(0) == input && In(1) == weights && Out(0) == output;

        /// <summary>The weights carry one scale per output channel (the size of dimension <paramref name="axisDim"/>).</summary>
        public bool IsPerChannel(int weights, int axisDim, bool moreThanOne = false) =>
            Input(weights) is { Quantization.Scale.Length: > 0 and var n } w && w.Shape.Length > axisDim
            && n == w.Shape[axisDim] && (!moreThanOne || n > 1);

        /// <summary>The input has fewer channels than the filter expects: a grouped convolution.</summary>
        public bool IsGroupedConvolution =>
            Input(0) is { Shape.Length: 4 } input && Input(1) is { Shape.Length: 4 } filter && input.Shape[3] != filter.Shape[3];

        /// <summary>Two inputs of different shapes, one of more than 4 dimensions.</summary>
        public bool NeedsBroadcastBeyond4D =>
            InputCount >= 2 && !Graph.Shape.AreEqual(Input(0)?.Shape ?? [], Input(1)?.Shape ?? [])
            && op.Inputs.Max(t => t?.Shape.Length ?? 0) > 4;
    }
}
