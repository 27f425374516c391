using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Google.Protobuf.Reflection;

namespace TfLite.Core.TensorFlow.Files;

/// <summary>
/// Parses protobuf text format (what Python's <c>str(message)</c> and <c>text_format.MessageToString</c> write) into
/// any generated message, through its descriptor: nested messages in <c>{}</c> or <c>&lt;&gt;</c>, repeated fields
/// (one entry per line or <c>[a, b]</c>), map entries (<c>attr { key: "T" value { type: DT_FLOAT } }</c>), enums by
/// name or number, C-escaped byte strings (<c>tensor_content: "\000\200?"</c>), <c>inf</c>/<c>nan</c>, comments.
/// A field the message does not declare is read for its syntax and skipped, as binary parsing skips unknown fields:
/// the module's .proto files declare only what the converter reads, and newer TensorFlow versions keep adding fields
/// (<c>experimental_debug_info</c>, <c>handle_data</c>, ...).
/// </summary>
public static class TextFormatParser
{
    private const int MaxDepth = 100;

    /// <summary>The most entries one repeated field may hold. TensorFlow writes large constants as one
    /// <c>tensor_content</c> string, so a list this long is no real graph, and each entry costs far more memory than
    /// its two characters of text.</summary>
    public const int MaxRepeatedEntries = 1 << 22;

    /// <summary>Whether <paramref name="bytes"/> look like text format rather than binary protobuf: printable ASCII
    /// that starts with a field name or a comment.</summary>
    public static bool LooksLikeText(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, 4096)];
        var i = 0;
        while (i < head.Length && head[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
        if (i == head.Length || !(char.IsAsciiLetter((char)head[i]) || head[i] == (byte)'#')) return false;
        foreach (var b in head)
            if (b < 0x09 || (b > 0x0d && b < 0x20)) return false;
        return true;
    }

    /// <summary>Parses <paramref name="text"/> as a <typeparamref name="T"/>.</summary>
    /// <exception cref="ModelFormatException">A syntax error, with line and column.</exception>
    public static T Parse<T>(string text, string sourcePath) where T : IMessage<T>, new()
    {
        var message = new T();
        var reader = new Reader(text, sourcePath);
        ParseFields(reader, message, end: null, depth: 0);
        return message;
    }

    private static void ParseFields(Reader r, IMessage message, char? end, int depth)
    {
        if (depth > MaxDepth) throw r.Error("messages nested too deeply");
        var descriptor = message.Descriptor;
        while (true)
        {
            r.SkipSpace();
            if (end is { } close && r.TryConsume(close)) return;
            if (r.AtEnd)
            {
                if (end is not null) throw r.Error($"missing '{end}'");
                return;
            }
            var field = descriptor.FindFieldByName(r.Identifier());
            r.SkipSpace();
            if (field is null)
                SkipFieldValue(r, depth);
            else if (field.FieldType is FieldType.Message or FieldType.Group)
            {
                r.TryConsume(':');
                r.SkipSpace();
                if (r.TryConsume('['))
                    ParseList(r, () => AddMessage(r, message, field, depth));
                else
                    AddMessage(r, message, field, depth);
            }
            else
            {
                r.Expect(':');
                r.SkipSpace();
                if (field.IsRepeated && r.TryConsume('['))
                    ParseList(r, () => AddScalar(r, message, field));
                else
                    AddScalar(r, message, field);
            }
            r.SkipSpace();
            if (!r.TryConsume(',')) r.TryConsume(';');
        }
    }

    /// <summary>Reads past the value of an undeclared field: a scalar after <c>:</c>, a message, or a list of either.</summary>
    private static void SkipFieldValue(Reader r, int depth)
    {
        var colon = r.TryConsume(':');
        r.SkipSpace();
        if (colon && r.TryConsume('['))
            ParseList(r, () => SkipValue(r, depth));
        else if (colon || r.IsAt('{') || r.IsAt('<'))
            SkipValue(r, depth);
        else
            throw r.Error("expected ':' or '{'");
    }

    private static void SkipValue(Reader r, int depth)
    {
        var close = r.TryConsume('{') ? '}' : r.TryConsume('<') ? '>' : (char?)null;
        if (close is null)
        {
            if (r.IsAt('"') || r.IsAt('\'')) r.QuotedBytes();
            else r.Token();
            return;
        }
        if (depth + 1 > MaxDepth) throw r.Error("messages nested too deeply");
        while (true)
        {
            r.SkipSpace();
            if (r.TryConsume(close.Value)) return;
            if (r.AtEnd) throw r.Error($"missing '{close}'");
            r.Identifier();
            r.SkipSpace();
            SkipFieldValue(r, depth + 1);
            r.SkipSpace();
            if (!r.TryConsume(',')) r.TryConsume(';');
        }
    }

    private static void ParseList(Reader r, Action item)
    {
        r.SkipSpace();
        if (r.TryConsume(']')) return;
        while (true)
        {
            item();
            r.SkipSpace();
            if (r.TryConsume(']')) return;
            r.Expect(',');
            r.SkipSpace();
        }
    }

    private static void AddMessage(Reader r, IMessage parent, FieldDescriptor field, int depth)
    {
        var close = r.TryConsume('{') ? '}' : r.TryConsume('<') ? '>' : throw r.Error($"expected '{{' after '{field.Name}'");
        if (field.IsMap)
        {
            var entry = new MapEntry(field.MessageType);
            ParseFields(r, entry, close, depth + 1);
            var map = (System.Collections.IDictionary)field.Accessor.GetValue(parent);
            map[entry.Key ?? throw r.Error($"an entry of '{field.Name}' has no key")] =
                entry.Value ?? throw r.Error($"the entry '{entry.Key}' of '{field.Name}' has no value");
            return;
        }
        IMessage child;
        if (parent is MapEntry mapEntry)
        {
            child = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
            mapEntry.Set(field.FieldNumber, child);
        }
        else if (field.IsRepeated)
        {
            child = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
            AddEntry(r, parent, field, child);
        }
        else
        {
            child = (IMessage?)field.Accessor.GetValue(parent) ?? (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
            field.Accessor.SetValue(parent, child);
        }
        ParseFields(r, child, close, depth + 1);
    }

    private static void AddScalar(Reader r, IMessage message, FieldDescriptor field)
    {
        var value = ReadScalar(r, field);
        if (message is MapEntry entry) entry.Set(field.FieldNumber, value);
        else if (field.IsRepeated) AddEntry(r, message, field, value);
        else field.Accessor.SetValue(message, value);
    }

    private static void AddEntry(Reader r, IMessage message, FieldDescriptor field, object value)
    {
        var list = (System.Collections.IList)field.Accessor.GetValue(message);
        if (list.Count >= MaxRepeatedEntries) throw r.Error($"'{field.Name}' has more than {MaxRepeatedEntries} entries");
        list.Add(value);
    }

    private static object ReadScalar(Reader r, FieldDescriptor field)
    {
        switch (field.FieldType)
        {
            case FieldType.String: return Encoding.UTF8.GetString(r.QuotedBytes());
            case FieldType.Bytes: return ByteString.CopyFrom(r.QuotedBytes());
            case FieldType.Bool:
                var word = r.Token();
                return word switch
                {
                    "true" or "True" or "t" or "1" => true,
                    "false" or "False" or "f" or "0" => false,
                    _ => throw r.Error($"'{word}' is not a bool"),
                };
            case FieldType.Enum:
                var token = r.Token();
                if (long.TryParse(token, out var number)) return (int)number;
                var value = field.EnumType.FindValueByName(token) ?? throw r.Error($"'{token}' is not a value of {field.EnumType.Name}");
                return Enum.ToObject(field.EnumType.ClrType, value.Number);
            case FieldType.Float: return (float)ParseDouble(r);
            case FieldType.Double: return ParseDouble(r);
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32: return checked((int)ParseInteger(r));
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64: return ParseInteger(r);
            case FieldType.UInt32 or FieldType.Fixed32: return checked((uint)ParseInteger(r));
            case FieldType.UInt64 or FieldType.Fixed64: return checked((ulong)ParseInteger(r));
            default: throw r.Error($"field '{field.Name}' has an unsupported type");
        }
    }

    private static double ParseDouble(Reader r)
    {
        var token = r.Token();
        var negative = token.StartsWith('-');
        var magnitude = negative || token.StartsWith('+') ? token[1..] : token;
        // The words first: a float suffix 'f' is trimmed from numbers only, never from "inf".
        double value = magnitude.ToLowerInvariant() switch
        {
            "inf" or "inff" or "infinity" or "infinityf" => double.PositiveInfinity,
            "nan" or "nanf" => double.NaN,
            _ => double.TryParse(magnitude.TrimEnd('f', 'F'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw r.Error($"'{token}' is not a number"),
        };
        return negative ? -value : value;
    }

    private static long ParseInteger(Reader r)
    {
        var token = r.Token();
        var negative = token.StartsWith('-');
        var digits = negative ? token[1..] : token;
        try
        {
            ulong magnitude = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? ulong.Parse(digits[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                : ulong.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            if (!negative) return unchecked((long)magnitude);
            // -2^63 has no positive twin in long: negate in unsigned arithmetic.
            return magnitude <= 1UL << 63 ? unchecked((long)(0UL - magnitude)) : throw new OverflowException();
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw r.Error($"'{token}' is not an integer");
        }
    }

    /// <summary>A map entry read as the two-field message it is on the wire.</summary>
    private sealed class MapEntry(MessageDescriptor descriptor) : IMessage
    {
        public object? Key { get; private set; }
        public object? Value { get; private set; }
        public MessageDescriptor Descriptor { get; } = descriptor;

        public void Set(int number, object value)
        {
            if (number == 1) Key = value;
            else Value = value;
        }

        public void MergeFrom(CodedInputStream input) => throw new NotSupportedException();
        public void WriteTo(CodedOutputStream output) => throw new NotSupportedException();
        public int CalculateSize() => throw new NotSupportedException();
    }

    /// <summary>The characters of the text with the position, for tokens and for errors with line and column.</summary>
    private sealed class Reader(string text, string sourcePath)
    {
        private int _pos;

        public bool AtEnd => _pos >= text.Length;

        public void SkipSpace()
        {
            while (_pos < text.Length)
            {
                if (char.IsWhiteSpace(text[_pos])) _pos++;
                else if (text[_pos] == '#')
                    while (_pos < text.Length && text[_pos] != '\n') _pos++;
                else return;
            }
        }

        public bool IsAt(char c) => _pos < text.Length && text[_pos] == c;

        public bool TryConsume(char c)
        {
            if (_pos < text.Length && text[_pos] == c)
            {
                _pos++;
                return true;
            }
            return false;
        }

        public void Expect(char c)
        {
            if (!TryConsume(c)) throw Error($"expected '{c}'");
        }

        public string Identifier()
        {
            var start = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '_'))
                _pos++;
            if (_pos == start) throw Error("expected a field name");
            return text[start.._pos];
        }

        /// <summary>A bare token: a number, an identifier, a signed word (<c>-inf</c>).</summary>
        public string Token()
        {
            var start = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] is '_' or '.' or '-' or '+'))
                _pos++;
            if (_pos == start) throw Error("expected a value");
            return text[start.._pos];
        }

        /// <summary>One or more adjacent quoted strings (concatenated, as protobuf allows), unescaped to bytes.</summary>
        public byte[] QuotedBytes()
        {
            var bytes = new List<byte>();
            do
            {
                var quote = text[_pos] is '"' or '\'' ? text[_pos++] : throw Error("expected a quoted string");
                while (true)
                {
                    // As in protobuf's tokenizer, a string ends on its line: a quote left open is reported there.
                    if (_pos >= text.Length || text[_pos] == '\n') throw Error("unterminated string");
                    var c = text[_pos++];
                    if (c == quote) break;
                    if (c == '\\') ReadEscape(bytes);
                    else if (c < 0x80) bytes.Add((byte)c);
                    else bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                }
                SkipSpace();
            } while (_pos < text.Length && text[_pos] is '"' or '\'');
            return [.. bytes];
        }

        private void ReadEscape(List<byte> bytes)
        {
            if (_pos >= text.Length) throw Error("unterminated escape");
            var c = text[_pos++];
            switch (c)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'v': bytes.Add(11); break;
                case '\\' or '\'' or '"' or '?': bytes.Add((byte)c); break;
                case 'x' or 'X':
                    var hex = 0;
                    var n = 0;
                    for (; n < 2 && _pos < text.Length && Uri.IsHexDigit(text[_pos]); n++) hex = hex * 16 + Convert.ToInt32(text[_pos++].ToString(), 16);
                    if (n == 0) throw Error("\\x without hex digits");
                    bytes.Add((byte)hex);
                    break;
                case >= '0' and <= '7':
                    var octal = c - '0';
                    for (var k = 0; k < 2 && _pos < text.Length && text[_pos] is >= '0' and <= '7'; k++) octal = octal * 8 + (text[_pos++] - '0');
                    if (octal > 255) throw Error("octal escape beyond a byte");
                    bytes.Add((byte)octal);
                    break;
                default: throw Error($"unknown escape '\\{c}'");
            }
        }

        public ModelFormatException Error(string detail)
        {
            var line = 1;
            var column = 1;
            for (var i = 0; i < Math.Min(_pos, text.Length); i++)
            {
                if (text[i] == '\n') { line++; column = 1; }
                else column++;
            }
            return new ModelFormatException(TfErrorIds.TextFormatInvalid, $"'{sourcePath}' line {line}, column {column}: {detail}.", sourcePath);
        }
    }
}
