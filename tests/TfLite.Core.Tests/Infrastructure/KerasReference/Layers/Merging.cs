namespace TfLite.Core.Tests.Infrastructure.KerasReference.Layers;

/// <summary>Add, Subtract, Multiply, Average, Maximum, Minimum and Concatenate.</summary>
internal static class Merging
{
    /// <summary>The merge layer of a class name.</summary>
    public static IRefLayer Elementwise(LayerConfig c) => c.ClassName switch
    {
        "Add" => Fold((a, b) => a + b),
        "Multiply" => Fold((a, b) => a * b),
        "Maximum" => Fold(Math.Max),
        "Minimum" => Fold(Math.Min),
        "Subtract" => new MultiInputLayer(xs =>
        {
            if (xs.Count != 2) throw new ArgumentException($"{c.Name}: Subtract needs exactly two inputs.");
            return Broadcast.Apply(xs[0], xs[1], (a, b) => a - b);
        }),
        "Average" => new MultiInputLayer(xs =>
        {
            var sum = xs.Skip(1).Aggregate(xs[0], (acc, x) => Broadcast.Apply(acc, x, (a, b) => a + b));
            return sum.Map(v => v / xs.Count);
        }),
        _ => throw new NotSupportedException(c.ClassName),
    };

    private static IRefLayer Fold(Func<double, double, double> f) =>
        new MultiInputLayer(xs => xs.Skip(1).Aggregate(xs[0], (acc, x) => Broadcast.Apply(acc, x, f)));

    /// <summary>Concatenate along an axis (default -1).</summary>
    public static IRefLayer Concatenate(LayerConfig c)
    {
        var axis = c.Int("axis", -1);
        return new MultiInputLayer(xs =>
        {
            var rank = xs[0].Rank;
            var ax = axis < 0 ? axis + rank : axis;
            var outer = xs[0].Shape.Take(ax).Aggregate(1, (a, d) => a * d);
            var shape = (int[])xs[0].Shape.Clone();
            shape[ax] = xs.Sum(x => x.Shape[ax]);
            var y = new RefTensor(shape);
            var offset = 0;
            for (var o = 0; o < outer; o++)
                foreach (var x in xs)
                {
                    var block = x.Length / outer;
                    Array.Copy(x.Data, o * block, y.Data, offset, block);
                    offset += block;
                }
            return y;
        });
    }
}
