using System.Globalization;
using System.Text;
using TfLite.Core.Graph;

namespace TfLite.Core.Data;

/// <summary>What an <c>.npy</c> header declares: the element type, its byte order, the layout and the shape.</summary>
/// <param name="ElementType">Element type of the data.</param>
/// <param name="BigEndian">True when multi-byte elements are stored most significant byte first.</param>
/// <param name="FortranOrder">True when the data is stored column-major.</param>
/// <param name="Shape">The dimensions, outermost first.</param>
public sealed record NpyHeader(TensorType ElementType, bool BigEndian, bool FortranOrder, int[] Shape)
{
    /// <summary>Parses the header's Python dictionary literal, e.g.
    /// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c>.</summary>
    /// <exception cref="ModelFormatException"><c>InvalidNpyHeader</c> or <c>UnsupportedNpyDtype</c>, naming <paramref name="source"/>.</exception>
    internal static NpyHeader Parse(string text, string source)
    {
        var parser = new LiteralParser(text, source);
        var dict = parser.ParseDictionary();
        string? descr = null;
        bool? fortran = null;
        int[]? shape = null;
        foreach (var (key, value) in dict)
        {
            switch (key)
            {
                case "descr" when value is string s: descr = s; break;
                case "descr": throw Unsupported(source, "a structured or compound dtype");
                case "fortran_order" when value is bool b: fortran = b; break;
                case "shape" when value is int[] dims: shape = dims; break;
                default: throw Invalid(source, $"unexpected key or value '{key}'");
            }
        }
        if (descr is null || fortran is null || shape is null)
            throw Invalid(source, "the header must define 'descr', 'fortran_order' and 'shape'");
        if (!NpyDtype.TryParse(descr, out var type, out var bigEndian))
            throw Unsupported(source, $"dtype '{descr}'");
        return new NpyHeader(type, bigEndian, fortran.Value, shape);
    }

    /// <summary>The dictionary literal NumPy writes for a little-endian C-order array (without padding).</summary>
    internal static string Format(TensorType type, IReadOnlyList<int> shape)
    {
        var dims = shape.Count switch
        {
            0 => "()",
            1 => $"({shape[0]},)",
            _ => "(" + string.Join(", ", shape) + ")",
        };
        return $"{{'descr': '{NpyDtype.Format(type)}', 'fortran_order': False, 'shape': {dims}, }}";
    }

    private static ModelFormatException Invalid(string source, string detail) =>
        new(NpyErrorIds.InvalidHeader, $"The .npy header of '{source}' is not valid: {detail}.", source);

    private static ModelFormatException Unsupported(string source, string what) =>
        new(NpyErrorIds.UnsupportedDtype,
            $"'{source}' holds {what}; supported are f2 f4 f8 i1 u1 i2 u2 i4 i8 u4 u8 b1.", source);

    /// <summary>Reads the small subset of Python literals a header uses: a dict of string keys whose values are
    /// strings, booleans, tuples of non-negative integers, or (for structured dtypes) lists.</summary>
    private ref struct LiteralParser(string text, string source)
    {
        private int _pos;

        public List<(string Key, object Value)> ParseDictionary()
        {
            var entries = new List<(string, object)>();
            Expect('{');
            while (true)
            {
                if (TryConsume('}')) break;
                var key = ParseString();
                if (entries.Any(e => e.Item1 == key)) throw Invalid(source, $"key '{key}' appears twice");
                Expect(':');
                entries.Add((key, ParseValue()));
                if (TryConsume('}')) break;
                Expect(',');
            }
            SkipSpace();
            if (_pos != text.Length) throw Invalid(source, $"text after the dictionary at position {_pos}");
            return entries;
        }

        private object ParseValue()
        {
            SkipSpace();
            if (_pos >= text.Length) throw Invalid(source, "the header ends inside a value");
            char c = text[_pos];
            if (c is '\'' or '"') return ParseString();
            if (c == '(') return ParseTuple();
            if (c == '[') { SkipBracketed(); return new object(); }
            if (TryWord("True")) return true;
            if (TryWord("False")) return false;
            throw Invalid(source, $"unexpected '{c}' at position {_pos}");
        }

        private int[] ParseTuple()
        {
            Expect('(');
            var dims = new List<int>();
            while (true)
            {
                if (TryConsume(')')) break;
                dims.Add(ParseDimension());
                if (TryConsume(')')) break;
                Expect(',');
            }
            return dims.ToArray();
        }

        private int ParseDimension()
        {
            SkipSpace();
            int start = _pos;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos])) _pos++;
            if (_pos == start) throw Invalid(source, $"a shape dimension must be a non-negative integer (position {start})");
            var digits = text[start.._pos];
            if (_pos < text.Length && text[_pos] == 'L') _pos++; // Python 2 long literal
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                throw new ModelFormatException(NpyErrorIds.TooLarge, $"'{source}' has a dimension of {digits}, larger than an array can hold.", source);
            return value;
        }

        private string ParseString()
        {
            SkipSpace();
            if (_pos >= text.Length || text[_pos] is not ('\'' or '"')) throw Invalid(source, $"expected a quoted string at position {_pos}");
            char quote = text[_pos++];
            var sb = new StringBuilder();
            while (_pos < text.Length && text[_pos] != quote)
            {
                if (text[_pos] == '\\') throw Invalid(source, "escapes in strings are not expected");
                sb.Append(text[_pos++]);
            }
            if (_pos >= text.Length) throw Invalid(source, "unterminated string");
            _pos++;
            return sb.ToString();
        }

        private void SkipBracketed()
        {
            int depth = 0;
            for (; _pos < text.Length; _pos++)
            {
                if (text[_pos] is '[' or '(') depth++;
                else if (text[_pos] is ']' or ')' && --depth == 0) { _pos++; return; }
            }
            throw Invalid(source, "unterminated list");
        }

        private bool TryWord(string word)
        {
            if (string.CompareOrdinal(text, _pos, word, 0, word.Length) != 0) return false;
            _pos += word.Length;
            return true;
        }

        private void Expect(char c)
        {
            if (!TryConsume(c)) throw Invalid(source, $"expected '{c}' at position {_pos}");
        }

        private bool TryConsume(char c)
        {
            SkipSpace();
            if (_pos < text.Length && text[_pos] == c) { _pos++; return true; }
            return false;
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
        }
    }
}
