using System.Globalization;
using System.Text;

namespace RsPipeline.Catalog.Formats.Npy;

/// <summary>
/// Parses the small subset of Python literals an <c>.npy</c> header is written in: a dict with
/// string keys whose values are strings, <c>True</c>/<c>False</c>/<c>None</c>, integers (with
/// Python 2's <c>L</c> suffix tolerated) and tuples or lists of these. numpy itself uses
/// <c>ast.literal_eval</c>; anything outside this subset is not a header numpy writes.
/// </summary>
internal sealed class PythonLiteralParser
{
    private readonly string _text;
    private int _position;

    private PythonLiteralParser(string text)
    {
        _text = text;
    }

    /// <summary>Parses a whole dict literal.</summary>
    /// <exception cref="FormatException">Not a dict literal of the supported subset; the message says where.</exception>
    public static Dictionary<string, object?> ParseDict(string text)
    {
        var parser = new PythonLiteralParser(text);
        var dict = parser.ReadDict();
        parser.SkipWhitespace();
        if (parser._position != text.Length)
        {
            throw parser.Error("unexpected text after the closing '}'");
        }

        return dict;
    }

    /// <summary>Writes a parsed value back as Python would print it, for messages.</summary>
    public static string Format(object? value) => value switch
    {
        null => "None",
        string s => $"'{s}'",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        List<object?> { Count: 1 } one => $"({Format(one[0])},)",
        List<object?> items => $"({string.Join(", ", items.Select(Format))})",
        _ => value.ToString() ?? string.Empty,
    };

    private Dictionary<string, object?> ReadDict()
    {
        Expect('{');
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (!TryConsume('}'))
        {
            if (ReadValue() is not string key)
            {
                throw Error("dict keys must be strings");
            }

            Expect(':');
            if (!dict.TryAdd(key, ReadValue()))
            {
                throw Error($"key '{key}' appears twice");
            }

            if (!TryConsume(','))
            {
                Expect('}');
                break;
            }
        }

        return dict;
    }

    private object? ReadValue()
    {
        SkipWhitespace();
        if (_position >= _text.Length)
        {
            throw Error("value expected, found the end of the header");
        }

        var c = _text[_position];
        return c switch
        {
            '\'' or '"' => ReadString(c),
            '(' => ReadSequence(')'),
            '[' => ReadSequence(']'),
            '{' => ReadDict(),
            _ when c == '-' || char.IsAsciiDigit(c) => ReadInteger(),
            _ when char.IsAsciiLetter(c) => ReadName(),
            _ => throw Error($"unexpected character '{c}'"),
        };
    }

    private string ReadString(char quote)
    {
        _position++;
        var builder = new StringBuilder();
        while (_position < _text.Length && _text[_position] != quote)
        {
            if (_text[_position] == '\\')
            {
                _position++;
                if (_position >= _text.Length)
                {
                    break;
                }
            }

            builder.Append(_text[_position]);
            _position++;
        }

        if (_position >= _text.Length)
        {
            throw Error("unterminated string");
        }

        _position++;
        return builder.ToString();
    }

    private List<object?> ReadSequence(char close)
    {
        _position++;
        var items = new List<object?>();
        while (!TryConsume(close))
        {
            items.Add(ReadValue());
            if (!TryConsume(','))
            {
                Expect(close);
                break;
            }
        }

        return items;
    }

    private long ReadInteger()
    {
        var start = _position;
        if (_text[_position] == '-')
        {
            _position++;
        }

        while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
        {
            _position++;
        }

        var digits = _text.AsSpan(start, _position - start);
        if (_position < _text.Length && _text[_position] is 'L' or 'l')
        {
            _position++;
        }

        return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error($"'{digits}' is not an integer in range");
    }

    private object? ReadName()
    {
        var start = _position;
        while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] == '_'))
        {
            _position++;
        }

        var name = _text[start.._position];
        return name switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            _ => throw Error($"unknown name '{name}'"),
        };
    }

    private void Expect(char c)
    {
        if (!TryConsume(c))
        {
            throw Error(_position < _text.Length ? $"expected '{c}', found '{_text[_position]}'" : $"expected '{c}', found the end of the header");
        }
    }

    private bool TryConsume(char c)
    {
        SkipWhitespace();
        if (_position < _text.Length && _text[_position] == c)
        {
            _position++;
            return true;
        }

        return false;
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private FormatException Error(string problem) => new($"{problem} at character {_position}");
}
