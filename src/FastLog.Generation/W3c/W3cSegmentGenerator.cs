using FastLog.Generation.Lines;
using FastLog.Generation.Sampling;
using FastLog.Generation.Traffic;
using FastLog.Generation.Web;

namespace FastLog.Generation.W3c;

/// <summary>
/// IIS W3C extended logs (docs/formats.md): the IIS default header block and
/// <c>#Fields:</c>, then one request per line of the web traffic model with the web attack
/// scenarios among them; mid-file a service restart writes a second header block whose
/// <c>#Fields:</c> adds <c>cs-host</c>, <c>sc-bytes</c> and <c>cs-bytes</c>.
/// </summary>
/// <remarks>
/// Values are written as IIS writes them: UTC <c>date time</c>, spaces inside a value as
/// <c>+</c>, <c>-</c> for a missing value, the query without its <c>?</c>, time-taken in
/// milliseconds, the substatus and Win32 status IIS gives each status (401 2 5, 404 0 2, …).
/// Every line is a directive or a data line with exactly as many values as the <c>#Fields:</c>
/// in force (no malformed lines).
/// </remarks>
internal sealed class W3cSegmentGenerator : WebSegmentGenerator<TimestampTexts>
{
    /// <summary>Average line length (measured), turning <c>--size</c> into lines.</summary>
    public const int AverageLineBytes = 225;
    private const int MaxLineBytes = 2048;

    /// <summary>Lines of a header block: #Software, #Version, #Date, #Fields.</summary>
    public const int DirectiveLines = 4;

    private static ReadOnlySpan<byte> WwwHost => "www.example.com"u8;
    private static ReadOnlySpan<byte> ApiHost => "api.example.com"u8;

    private readonly byte[] _serverIp;
    private readonly long _restart; // first slot of the restart's header block; long.MaxValue: none

    /// <summary>Builds the model and plans the scenarios for <paramref name="options"/>.</summary>
    public W3cSegmentGenerator(GenerationOptions options) : base(options, AverageLineBytes, MaxLineBytes)
    {
        var rng = new Xoshiro256PlusPlus(SplitMix64.Derive(options.Seed, GenerationStreams.Vocabulary, 0));
        _serverIp = System.Text.Encoding.ASCII.GetBytes($"10.0.{rng.NextBelow(8)}.{rng.NextBelow(250) + 4}");
        _restart = long.MaxValue;
        var background = ExpectedBackground;
        if (background >= 64)
        {
            // Somewhere in the middle 30 % of the log; the block and the slot after it stay in
            // one segment (see WebSegmentGenerator).
            var restart = DirectiveLines + (long)((background - 2 * DirectiveLines) * (0.35 + 0.3 * rng.NextDouble()));
            var inSegment = restart % SegmentLines;
            if (inSegment > SegmentLines - DirectiveLines - 1) restart -= inSegment - (SegmentLines - DirectiveLines - 1);
            _restart = restart;
        }
    }

    /// <inheritdoc/>
    protected override TimestampTexts CreateContext() => new();

    /// <inheritdoc/>
    protected override bool IsDirective(long slot) => slot < DirectiveLines || (slot >= _restart && slot < _restart + DirectiveLines);

    /// <inheritdoc/>
    protected override void WriteDirective(ref ByteCursor c, long slot, long time, TimestampTexts x)
    {
        var restarted = slot >= _restart;
        switch (slot - (restarted ? _restart : 0))
        {
            case 0:
                c.Write("#Software: Microsoft Internet Information Services 10.0"u8);
                break;
            case 1:
                c.Write("#Version: 1.0"u8);
                break;
            case 2:
                c.Write("#Date: "u8);
                x.WriteIso(ref c, time, (byte)' ');
                break;
            default:
                c.Write("#Fields: "u8);
                c.Write(restarted ? "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken"u8
                    : "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken"u8);
                break;
        }
        c.Write((byte)'\n');
    }

    /// <inheritdoc/>
    protected override void WriteRecord(ref ByteCursor c, ref AccessRecord r, bool scenario, ref Xoshiro256PlusPlus rng, long slot, TimestampTexts x)
    {
        var restarted = slot >= _restart;
        var bits = rng.NextUInt64();
        x.WriteIso(ref c, r.Time, (byte)' ');
        c.Write((byte)' ');
        c.Write(_serverIp);
        c.Write((byte)' ');
        c.Write(r.Method);
        c.Write((byte)' ');
        var target = r.Target;
        var question = target.IndexOf((byte)'?');
        var stem = question < 0 ? target : target[..question];
        var query = question < 0 ? default : target[(question + 1)..];
        Value(ref c, stem);
        c.Write((byte)' ');
        Value(ref c, query);
        // Most clients come over TLS; a few plain-HTTP requests still reach the site.
        c.Write((bits & 0xF) == 0 ? " 80 "u8 : " 443 "u8);
        Value(ref c, r.User);
        c.Write((byte)' ');
        c.Write(r.Ip);
        c.Write((byte)' ');
        Value(ref c, r.Agent);
        c.Write((byte)' ');
        Value(ref c, r.Referer);
        c.Write((byte)' ');
        if (restarted)
        {
            c.Write(stem.StartsWith("/api/"u8) ? ApiHost : WwwHost);
            c.Write((byte)' ');
        }
        c.WriteDecimal((ulong)r.Status);
        WriteSubstatus(ref c, r.Status, bits >> 4);
        if (restarted)
        {
            // sc-bytes counts the response headers too; cs-bytes is the request with its headers.
            c.Write((byte)' ');
            c.WriteDecimal((ulong)(Math.Max(0, r.Bytes) + 180 + (long)(bits >> 16 & 0x7F)));
            c.Write((byte)' ');
            var body = r.Method.Length > 0 && r.Method[0] == (byte)'P' ? (ulong)(bits >> 24 & 0xFFF) : 0;
            c.WriteDecimal(320 + (bits >> 36 & 0x3FF) + body);
        }
        c.Write((byte)' ');
        c.WriteDecimal(r.Millis);
        c.Write((byte)'\n');
    }

    /// <summary><c> substatus win32</c> as IIS logs them for <paramref name="status"/>.</summary>
    private static void WriteSubstatus(ref ByteCursor c, short status, ulong bits)
    {
        switch (status)
        {
            case 401:
                // 401.2: the anonymous challenge before credentials; 401.1: bad credentials (ERROR_LOGON_FAILURE).
                c.Write((bits & 1) == 0 ? " 2 5"u8 : " 1 1326"u8);
                break;
            case 404:
                c.Write(" 0 2"u8);
                break;
            case 403:
                c.Write(" 14 0"u8);
                break;
            case 502:
                c.Write(" 3 12002"u8);
                break;
            case 500:
                c.Write(" 19 13"u8);
                break;
            default:
                // About 1 in 256 responses: the client went away mid-transfer (64) or the operation was aborted (995).
                var r = bits >> 1 & 0xFF;
                c.Write(r == 0 ? " 0 64"u8 : r == 1 ? " 0 995"u8 : " 0 0"u8);
                break;
        }
    }

    /// <summary>A value as IIS logs it: <c>-</c> when empty, spaces as <c>+</c>.</summary>
    private static void Value(ref ByteCursor c, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            c.Write((byte)'-');
            return;
        }
        // Invariant: the bytes of value before the current slice are written, spaces as '+'.
        while (true)
        {
            var space = value.IndexOf((byte)' ');
            if (space < 0)
            {
                c.Write(value);
                return;
            }
            c.Write(value[..space]);
            c.Write((byte)'+');
            value = value[(space + 1)..];
        }
    }
}
