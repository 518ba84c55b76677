using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats.Custom;
using FastLog.Scanning;

namespace FastLog.Formats.Clf;

/// <summary>
/// What a CLF line may carry after the bytes field: the <c>"referer" "user-agent"</c> pair and the
/// extra fields servers append (quoted strings, <c>-</c>, numbers, <c>name=value</c>; nginx's
/// request time first).
/// </summary>
public sealed partial class ClfParser<TScanner>
{
    /// <summary>The request time is written in seconds.</summary>
    private const long MicrosPerSecond = 1_000_000;

    /// <summary>
    /// Reads what follows the bytes field (<paramref name="at"/> is the space after it, <c>pos[p]</c>
    /// the first quote or LF after that): an optional <c>"referer" "user-agent"</c> pair, then known
    /// extra fields (see <see cref="IsKnownExtra"/>; for nginx the first one after the agent is the
    /// request time). Returns null, or why the line is malformed; either way <c>pos[p]</c> is on
    /// the line, not past its LF.
    /// </summary>
    private MalformedReason? ParseTail(ReadOnlySpan<byte> block, ReadOnlySpan<int> pos, ref int p, LogBatch batch, int i, int at,
        out bool afterAgent, out bool withTime)
    {
        afterAgent = false;
        withTime = false;
        if (pos[p] == at + 1 && block[at + 1] == ByteSets.Quote)
        {
            var firstEnd = ReadQuoted(block, pos, ref p);
            if (firstEnd < 0) return MalformedReason.UnterminatedQuote;
            if (block[firstEnd + 1] == ByteSets.Space && pos[p + 1] == firstEnd + 2 && block[firstEnd + 2] == ByteSets.Quote)
            {
                p++;
                var agentEnd = ReadQuoted(block, pos, ref p);
                if (agentEnd < 0) return MalformedReason.UnterminatedQuote;
                batch.Referer[i] = AccessValues.DashIsNull(block, at + 2, firstEnd);
                batch.Agent[i] = AccessValues.DashIsNull(block, firstEnd + 3, agentEnd);
                at = agentEnd + 1;
                afterAgent = true;
            }
            else
            {
                // One quoted field after the bytes: an appended extra ("%{X-Forwarded-For}i"), no agent.
                at = firstEnd + 1;
            }
            p++;
        }
        var requestTimeFirst = afterAgent && _variant == ClfVariant.Nginx;
        var reason = ReadExtras(block, pos, ref p, batch, i, at, ref requestTimeFirst);
        // ReadExtras clears the flag once it has read the request time.
        withTime = afterAgent && _variant == ClfVariant.Nginx && !requestTimeFirst;
        return reason;
    }

    /// <summary>
    /// From <paramref name="at"/> (the byte after the last field read; <c>pos[p]</c> the first
    /// quote or LF at or after it), reads <c>SP extra</c> repeated up to the line's end. Extras are
    /// quoted strings, <c>-</c>, numbers and <c>name=value</c> pairs (nginx <c>rt=0.002 uct="0.000"</c>);
    /// with <paramref name="requestTimeFirst"/> the first unquoted one is the request time in seconds.
    /// </summary>
    private static MalformedReason? ReadExtras(ReadOnlySpan<byte> block, ReadOnlySpan<int> pos, ref int p, LogBatch batch, int i, int at, ref bool requestTimeFirst)
    {
        // Invariant: [.., at) has been read; pos[p] is the first quote or LF at or after at; each
        // pass moves at forward by at least one byte, and the line's LF ends the loop.
        while (true)
        {
            var c = block[at];
            if (c == ByteSets.Lf || (c == ByteSets.Cr && pos[p] == at + 1 && block[at + 1] == ByteSets.Lf)) return null;
            if (c != ByteSets.Space) return MalformedReason.TrailingJunk;
            at++;
            if (pos[p] == at && block[at] == ByteSets.Quote)
            {
                if (requestTimeFirst) return MalformedReason.BadFieldType;
                var close = ReadQuoted(block, pos, ref p);
                if (close < 0) return MalformedReason.UnterminatedQuote;
                p++;
                at = close + 1;
                continue;
            }
            var space = SpaceBefore(block, at, pos[p]);
            var tokenEnd = space >= 0 ? space : pos[p];
            var next = tokenEnd;
            if (block[tokenEnd] == ByteSets.Lf && tokenEnd > at && block[tokenEnd - 1] == ByteSets.Cr) tokenEnd--;
            var token = block[at..tokenEnd];
            if (requestTimeFirst)
            {
                if (!AccessValues.TryDecimalMicros(token, MicrosPerSecond, out batch.RequestTimeMicros[i])) return MalformedReason.BadFieldType;
                requestTimeFirst = false;
            }
            else if (token.Length > 1 && token[^1] == (byte)'=' && block[next] == ByteSets.Quote && IsExtraName(token[..^1]))
            {
                // name="value": next is the value's opening quote, pos[p].
                var close = ReadQuoted(block, pos, ref p);
                if (close < 0) return MalformedReason.UnterminatedQuote;
                p++;
                at = close + 1;
                continue;
            }
            else if (!IsKnownExtra(token))
            {
                return MalformedReason.TrailingJunk;
            }
            at = tokenEnd;
        }
    }

    /// <summary>
    /// A field servers append after the standard ones: <c>-</c>, a number (<c>%D</c>, <c>%T</c>,
    /// <c>$request_time</c>, <c>$upstream_response_time</c>), or <c>name=number</c> / <c>name=-</c>.
    /// </summary>
    private static bool IsKnownExtra(ReadOnlySpan<byte> token)
    {
        var equals = token.IndexOf((byte)'=');
        if (equals > 0)
        {
            if (!IsExtraName(token[..equals])) return false;
            token = token[(equals + 1)..];
        }
        return token is [(byte)'-'] || IsDecimal(token);
    }

    /// <summary><c>digits[.digits]</c>, at most 32 bytes.</summary>
    private static bool IsDecimal(ReadOnlySpan<byte> s)
    {
        if (s.Length is 0 or > 32) return false;
        var dot = s.IndexOf((byte)'.');
        var whole = dot < 0 ? s : s[..dot];
        var fraction = dot < 0 ? "0"u8 : s[(dot + 1)..];
        return whole.Length > 0 && fraction.Length > 0
            && whole.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0 && fraction.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
    }

    /// <summary>An extra's name: ASCII letters, digits and <c>_</c>, starting with a letter or <c>_</c>.</summary>
    private static bool IsExtraName(ReadOnlySpan<byte> name) =>
        name.Length > 0 && !char.IsAsciiDigit((char)name[0])
        && name.IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"u8) < 0;
}
