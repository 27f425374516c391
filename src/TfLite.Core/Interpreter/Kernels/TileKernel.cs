using TfLite.Core.Interpreter.Reference;

namespace TfLite.Core.Interpreter.Kernels;

/// <summary>TILE: inputs (input, multiples).</summary>
internal sealed class TileKernel : IndexMapKernel
{
    protected override (int[] Map, int[] Shape) BuildMap(OpNode node)
    {
        var input = node.Input(0);
        var multiples = Constant(node, 1);
        KernelSupport.Require(node, multiples.Length == input.Shape.Length && multiples.All(m => m >= 0), "multiples must be one non-negative value per dimension");
        var shape = input.Shape.Zip(multiples, (d, m) => checked(d * m)).ToArray();
        return (IndexMaps.Tile(input.Shape, shape), shape);
    }
}
