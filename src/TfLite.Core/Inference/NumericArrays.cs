using System.Collections;
using TfLite.Core.Data;

namespace TfLite.Core.Inference;

/// <summary>Builds an <see cref="NDArray"/> from .NET numbers: a scalar, a typed array (its type kept), a
/// multidimensional array such as <c>float[,]</c> (its shape kept), or nested object arrays (the shape taken from the
/// nesting, which must be rectangular, as numpy.array does).</summary>
internal static class NumericArrays
{
    public static NDArray FromValues(object? value, Func<object?, object?> unwrap)
    {
        value = unwrap(value);
        if (value is Array typed && typed.Rank == 1 && NDArray.TypeOfElements(typed.GetType().GetElementType()!) is not null)
            return new NDArray((Array)typed.Clone(), typed.Length);
        var shape = new List<int>();
        var leaves = new List<object>();
        Flatten(value, 0, shape, leaves, unwrap);
        return new NDArray(ToTypedArray(leaves), shape.ToArray());
    }

    private static void Flatten(object? value, int depth, List<int> shape, List<object> leaves, Func<object?, object?> unwrap)
    {
        value = unwrap(value);
        if (value is Array { Rank: > 1 } grid)
        {
            // Enumerating a multidimensional array runs over its elements in row-major order, as a flat list would.
            for (var axis = 0; axis < grid.Rank; axis++) AddLevel(depth + axis, grid.GetLength(axis), shape, leaves);
            foreach (var item in grid) Flatten(item, depth + grid.Rank, shape, leaves, unwrap);
            return;
        }
        if (value is IEnumerable items and not string)
        {
            var list = items.Cast<object?>().ToList();
            AddLevel(depth, list.Count, shape, leaves);
            foreach (var item in list) Flatten(item, depth + 1, shape, leaves, unwrap);
            return;
        }
        if (depth != shape.Count) throw NotRectangular();
        if (value is null or string or char || !IsNumber(value))
            throw InputData.Mismatch($"Input values must be numbers; got {(value is null ? "null" : $"'{value}' ({value.GetType().Name})")}.");
        leaves.Add(value);
    }

    /// <summary>Records the length of one nesting level the first time it is met, and checks it every other time.</summary>
    private static void AddLevel(int depth, int length, List<int> shape, List<object> leaves)
    {
        if (depth == shape.Count && leaves.Count == 0) shape.Add(length);
        else if (depth >= shape.Count || shape[depth] != length) throw NotRectangular();
    }

    private static InterpreterException NotRectangular() =>
        InputData.Mismatch("Nested arrays must be rectangular: every row of a level needs the same number of items.");

    private static bool IsNumber(object value) => value is bool || Type.GetTypeCode(value.GetType()) is
        >= TypeCode.SByte and <= TypeCode.Decimal;

    /// <summary>One element type for all values: bool, then the widest integer, then float (float32 unless
    /// double or decimal values are present, as PowerShell's literals are).</summary>
    private static Array ToTypedArray(List<object> leaves)
    {
        if (leaves.All(v => v is bool)) return leaves.Select(v => (bool)v).ToArray();
        if (leaves.All(v => v is float)) return leaves.Select(v => (float)v).ToArray();
        if (leaves.Any(v => v is float or double or decimal)) return leaves.Select(v => System.Convert.ToDouble(v)).ToArray();
        if (leaves.All(v => v is int or short or sbyte or byte or ushort or bool))
            return leaves.Select(v => System.Convert.ToInt32(v)).ToArray();
        return leaves.Select(v => System.Convert.ToInt64(v)).ToArray();
    }
}
