using System.Text;
using System.Text.RegularExpressions;

namespace TfLite.Core.Quantization.Modes;

/// <summary>
/// PowerShell-style wildcards (<c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[a-z]</c>, backtick escapes), matched
/// case-insensitively against the whole name, without depending on System.Management.Automation.
/// </summary>
internal sealed class WildcardPattern
{
    private readonly Regex _regex;

    /// <summary>Compiles a pattern.</summary>
    /// <exception cref="QuantizationException">The pattern has an unclosed bracket.</exception>
    public WildcardPattern(string pattern)
    {
        Pattern = pattern;
        _regex = new Regex(ToRegex(pattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>The pattern as given.</summary>
    public string Pattern { get; }

    /// <summary>True when the whole of <paramref name="name"/> matches.</summary>
    public bool IsMatch(string name) => _regex.IsMatch(name);

    private static string ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*': sb.Append(".*"); break;
                case '?': sb.Append('.'); break;
                case '`' when i + 1 < pattern.Length: sb.Append(Regex.Escape(pattern[++i].ToString())); break;
                case '[':
                    var end = pattern.IndexOf(']', i + 1);
                    if (end < 0)
                        throw new QuantizationException("InvalidWildcardPattern", $"The pattern '{pattern}' has an unclosed '['.", pattern);
                    sb.Append('[').Append(pattern[(i + 1)..end].Replace(@"\", @"\\").Replace("^", @"\^")).Append(']');
                    i = end;
                    break;
                default: sb.Append(Regex.Escape(c.ToString())); break;
            }
        }
        return sb.Append('$').ToString();
    }
}
