using System.Collections;
using TfLite.Core.Data;

namespace TfLite.Core.Inference;

/// <summary>One array for one model input: by name, or by position when <see cref="Name"/> is null.</summary>
/// <param name="Name">The input's signature or tensor name, or null.</param>
/// <param name="Array">The values.</param>
public sealed record NamedArray(string? Name, NDArray Array);

/// <summary>
/// Turns the loose objects a script passes as model inputs into <see cref="NamedArray"/>s: an <see cref="NDArray"/>,
/// a <see cref="TensorValue"/>, a (nested) .NET array of numbers, a path to an <c>.npy</c> or <c>.npz</c> file, a
/// dictionary from input names to any of these, or a list of several of these for several inputs.
/// </summary>
public sealed class InputData
{
    private readonly Func<object?, object?> _unwrap;
    private readonly Func<string, string> _resolvePath;

    /// <summary>Creates a converter.</summary>
    /// <param name="unwrap">Unwraps host wrappers (PowerShell's PSObject) around any value met; identity when null.</param>
    /// <param name="resolvePath">Turns a path string into a file-system path; identity when null.</param>
    public InputData(Func<object?, object?>? unwrap = null, Func<string, string>? resolvePath = null)
    {
        _unwrap = unwrap ?? (o => o);
        _resolvePath = resolvePath ?? (p => p);
    }

    /// <summary>The arrays <paramref name="data"/> stands for.</summary>
    /// <exception cref="InterpreterException"><c>InputTypeMismatch</c> for values that are not numbers.</exception>
    /// <exception cref="ModelFormatException">The ids of <see cref="NpyErrorIds"/> for a file that cannot be read.</exception>
    public IReadOnlyList<NamedArray> Convert(object? data)
    {
        data = _unwrap(data);
        switch (data)
        {
            case IDictionary dict:
                var named = new List<NamedArray>();
                foreach (DictionaryEntry e in dict)
                    named.Add(new NamedArray(System.Convert.ToString(_unwrap(e.Key), System.Globalization.CultureInfo.InvariantCulture)!, Single(e.Value)));
                return named;
            case string or FileInfo:
                return FromFile(_resolvePath(data is FileInfo f ? f.FullName : (string)data));
            case Array array when IsListOfInputs(array):
                return array.Cast<object?>().SelectMany(Convert).ToList();
            default:
                return [new NamedArray(null, Single(data))];
        }
    }

    /// <summary>The single array a value stands for (a dictionary value, or one input).</summary>
    private NDArray Single(object? value)
    {
        value = _unwrap(value);
        switch (value)
        {
            case NDArray a: return a;
            case TensorValue t: return t.ToNDArray();
            case string or FileInfo:
                var arrays = FromFile(_resolvePath(value is FileInfo f ? f.FullName : (string)value));
                if (arrays.Count != 1)
                    throw Mismatch($"'{value}' holds {arrays.Count} arrays where one was expected.");
                return arrays[0].Array;
            default: return NumericArrays.FromValues(value, _unwrap);
        }
    }

    private static IReadOnlyList<NamedArray> FromFile(string path)
    {
        if (!NpzReader.IsZip(path)) return [new NamedArray(null, NpyReader.Read(path))];
        var entries = NpzReader.Read(path);
        // numpy.savez names positional arrays arr_0, arr_1, ...: those bind by position.
        bool positional = entries.Select((e, i) => e.Key == $"arr_{i}").All(b => b);
        return entries.Select(e => new NamedArray(positional ? null : e.Key, e.Value)).ToList();
    }

    /// <summary>An array whose elements are each a whole input (arrays, files, tensors) rather than numbers.</summary>
    private bool IsListOfInputs(Array array) =>
        array.Length > 0 && array.Cast<object?>().Select(_unwrap).All(e => e is NDArray or TensorValue or string or FileInfo or IDictionary);

    internal static InterpreterException Mismatch(string message) => new(InferenceErrorIds.InputTypeMismatch, message);
}
