using System.Text;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Clf;
using FastLog.Input;
using FastLog.Scanning;

namespace FastLog.Tests.Generation;

/// <summary>What the parser found in a generated log, gathered in one pass with the library (not the CLI).</summary>
public sealed class GeneratedLogReader : IBatchConsumer
{
    private readonly HashSet<string> _watched;
    private long _lastTime = long.MinValue;

    private GeneratedLogReader(IEnumerable<string> watchedIps) => _watched = new HashSet<string>(watchedIps, StringComparer.Ordinal);

    /// <summary>Records parsed.</summary>
    public long Records { get; private set; }
    /// <summary>Records whose timestamp is earlier than the previous record's.</summary>
    public long TimeReversals { get; private set; }
    /// <summary>Records without a request time.</summary>
    public long WithoutRequestTime { get; private set; }
    /// <summary>Records without a user agent.</summary>
    public long WithoutAgent { get; private set; }
    /// <summary>Records with an IPv6 client (a colon in the address).</summary>
    public long Ipv6 { get; private set; }
    /// <summary>First and last timestamp and count of each watched address.</summary>
    public Dictionary<string, (long First, long Last, long Count)> Watched { get; } = new(StringComparer.Ordinal);
    /// <summary>Line accounting.</summary>
    public ParseCounters Counters { get; } = new();

    /// <summary>Parses <paramref name="path"/> as <paramref name="variant"/>, watching <paramref name="watchedIps"/>.</summary>
    public static GeneratedLogReader Read(string path, ClfVariant variant, IEnumerable<string>? watchedIps = null)
    {
        var reader = new GeneratedLogReader(watchedIps ?? []);
        var cutter = new LineBlockCutter(FormatRegistry.CreateParser(variant, ScannerKind.Scalar), reader.Counters, reader);
        var cursor = new LineBlockCutter.Cursor();
        using var file = File.OpenRead(path);
        cutter.FeedStream(file, ref cursor);
        return reader;
    }

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            Records++;
            var t = batch.UnixSeconds[i];
            if (t < _lastTime) TimeReversals++;
            _lastTime = t;
            if (batch.RequestTimeMicros[i] < 0) WithoutRequestTime++;
            if (batch.Agent[i].IsNull) WithoutAgent++;
            var ip = batch.Ip[i].Slice(block);
            if (ip.IndexOf((byte)':') >= 0) Ipv6++;
            if (_watched.Count == 0) continue;
            var text = Encoding.ASCII.GetString(ip);
            if (!_watched.Contains(text)) continue;
            Watched[text] = Watched.TryGetValue(text, out var w) ? (w.First, t, w.Count + 1) : (t, t, 1);
        }
    }
}
