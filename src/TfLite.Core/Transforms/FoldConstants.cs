using TfLite.Core.Graph;
using TfLite.Core.Transforms.Folding;

namespace TfLite.Core.Transforms;

/// <summary>
/// Computes at conversion time the operators whose inputs are all constants — TRANSPOSE, RESHAPE, EXPAND_DIMS,
/// SQUEEZE, CONCATENATION, PACK, CAST, ADD/SUB/MUL/DIV/MAXIMUM/MINIMUM/SQUARED_DIFFERENCE with broadcasting,
/// NEG/ABS/SQUARE/SQRT/RSQRT — and SHAPE of a tensor whose shape is fully known; the output tensor becomes a
/// constant and the operator goes. DEQUANTIZE of a float16 constant folds only when asked, since float16
/// quantization keeps those operators on purpose. Quantized tensors and graph outputs are left alone.
/// </summary>
public sealed class FoldConstants : IGraphPass
{
    private readonly bool _foldFloat16Dequantize;

    /// <summary>Creates the pass.</summary>
    /// <param name="foldFloat16Dequantize">Also fold DEQUANTIZE of float16 constants into float32 constants.</param>
    public FoldConstants(bool foldFloat16Dequantize = false) => _foldFloat16Dequantize = foldFloat16Dequantize;

    /// <inheritdoc />
    public string Name => "FoldConstants";

    /// <inheritdoc />
    public bool Run(TfLiteGraph graph) => SubgraphRewriter.RewriteEach(graph, TryFold);

    private bool TryFold(SubgraphRewriter rewriter, Operator op)
    {
        if (op.Outputs.Count != 1 || op.Outputs[0] is var output && (output.IsConstant || output.IsVariable || output.IsQuantized())
            || rewriter.IsGraphOutput(output)
            || op.Inputs.Any(t => t is not null && t.IsQuantized())
            || !(op.Code == BuiltinOperator.Shape || op.Inputs.All(t => t is null || t.IsWellFormedConstant())))
            return false;

        FoldedConstant? folded;
        try
        {
            folded = Fold(op, output);
        }
        catch (OverflowException)
        {
            // An integer result that does not fit (e.g. ABS of the smallest int): leave it to the runtime.
            folded = null;
        }
        if (folded is null || folded.Type != output.Type || IndexMaps.Count(folded.Shape) != IndexMaps.Count(output.Shape))
            return false;

        output.Shape = folded.Shape;
        output.ShapeSignature = null;
        output.Data = folded.Data;
        rewriter.RemoveOperator(op);
        return true;
    }

    private FoldedConstant? Fold(Operator op, Tensor output) => op.Code switch
    {
        BuiltinOperator.Reshape or BuiltinOperator.ExpandDims or BuiltinOperator.Squeeze => LayoutFolding.Reshape(op, output),
        BuiltinOperator.Transpose => LayoutFolding.Transpose(op),
        BuiltinOperator.Concatenation or BuiltinOperator.Pack => LayoutFolding.Join(op),
        BuiltinOperator.Add or BuiltinOperator.Sub or BuiltinOperator.Mul or BuiltinOperator.Div
            or BuiltinOperator.Maximum or BuiltinOperator.Minimum or BuiltinOperator.SquaredDifference => ArithmeticFolding.Binary(op),
        BuiltinOperator.Neg or BuiltinOperator.Abs or BuiltinOperator.Square or BuiltinOperator.Sqrt
            or BuiltinOperator.Rsqrt => ArithmeticFolding.Unary(op),
        BuiltinOperator.Cast => CastFolding.Cast(op, output),
        BuiltinOperator.Dequantize when _foldFloat16Dequantize => CastFolding.DequantizeFloat16(op, output),
        BuiltinOperator.Shape => ShapeOf(op, output),
        _ => null,
    };

    /// <summary>SHAPE needs only the input's shape, which is known when no dimension is dynamic.</summary>
    private static FoldedConstant? ShapeOf(Operator op, Tensor output)
    {
        if (op.Inputs.Count != 1 || op.Inputs[0] is not { HasRank: true } x || x.HasDynamicShape()) return null;
        int[] shape = [x.Shape.Length];
        return output.Type switch
        {
            TensorType.Int32 => FoldedConstant.Of<int>(output.Type, shape, x.Shape),
            TensorType.Int64 => FoldedConstant.Of<long>(output.Type, shape, x.Shape.Select(d => (long)d).ToArray()),
            _ => null,
        };
    }
}
