using System.Globalization;
using System.Text;

namespace BotCore.Storage;

/// <summary>
/// Reversible escaping of user-derived partition and row keys. Table Storage refuses keys containing
/// <c>/ \ # ?</c> or control characters (U+0000–U+001F, U+007F–U+009F); both adapters enforce the same rule.
/// </summary>
/// <remarks>
/// Each forbidden character, the escape character <c>~</c> itself and any unpaired surrogate become
/// <c>~XX</c> (two upper-case hex digits) or <c>~uXXXX</c>; every other character is kept. So a key that needs
/// no escaping is unchanged, <c>Escape(a + b) == Escape(a) + Escape(b)</c> (a row-key prefix query with an
/// escaped prefix finds exactly the keys that start with that prefix), and ordering is preserved among keys
/// that differ only in characters that are kept. Keys that differ at an escaped character may sort differently
/// than their unescaped forms.
/// </remarks>
public static class TableKey
{
    private const char EscapeChar = '~';

    public static string Escape(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!NeedsEscaping(key))
        {
            return key;
        }

        var builder = new StringBuilder(key.Length + 8);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (char.IsHighSurrogate(c) && i + 1 < key.Length && char.IsLowSurrogate(key[i + 1]))
            {
                builder.Append(c).Append(key[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append(EscapeChar).Append('u').Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else if (IsForbidden(c) || c == EscapeChar)
            {
                builder.Append(EscapeChar).Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Reverses <see cref="Escape"/>. Throws <see cref="FormatException"/> for text that Escape cannot produce.</summary>
    public static string Unescape(string escaped)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        if (!escaped.Contains(EscapeChar, StringComparison.Ordinal))
        {
            return escaped;
        }

        var builder = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (c != EscapeChar)
            {
                builder.Append(c);
                continue;
            }

            var isWide = i + 1 < escaped.Length && escaped[i + 1] == 'u';
            var start = isWide ? i + 2 : i + 1;
            var digits = isWide ? 4 : 2;
            if (start + digits > escaped.Length
                || !int.TryParse(escaped.AsSpan(start, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                || escaped.AsSpan(start, digits).ContainsAnyExcept("0123456789ABCDEF"))
            {
                throw new FormatException($"Invalid escape sequence at position {i}.");
            }

            builder.Append((char)code);
            i = start + digits - 1;
        }

        return builder.ToString();
    }

    /// <summary>True if Table Storage refuses the character in a key.</summary>
    public static bool IsForbidden(char c) =>
        c is '/' or '\\' or '#' or '?' || c <= '\u001F' || c is >= '\u007F' and <= '\u009F';

    private static bool NeedsEscaping(string key)
    {
        foreach (var c in key)
        {
            if (IsForbidden(c) || c == EscapeChar || char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }
}
