using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using FastLog.Columns;
using FastLog.Detection;
using FastLog.Detection.Web;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Clf;
using FastLog.Generation;
using FastLog.Input;
using FastLog.Scanning;

namespace FastLog.Benchmarks.Detection;

/// <summary>
/// The web rules' keyword prefilter, per distinct value: the current search (Latin-1 widening,
/// NUL padding to 48 chars, <see cref="SearchValues{T}"/> of strings per anchor group, as
/// <c>WebDetectionAggregator.Searched</c>) against <see cref="KeywordPrefilter"/> on the raw
/// bytes, and against its byte-at-a-time scalar reference.
/// </summary>
/// <remarks>
/// Values: <see cref="ValueCount"/> distinct paths, query strings or user agents picked evenly
/// from those of a 20,000-line combined log from <c>fastlog generate</c> (seed 3, default
/// attacks; the log has fewer distinct agents, so they repeat), searched
/// with the target anchors (paths, queries) or the header anchors (agents), as the aggregator
/// does. ns/line here means nanoseconds per value; divide by the mean length the setup prints
/// for ns per byte.
/// </remarks>
[MemoryDiagnoser]
public class KeywordPrefilterBench
{
    private const int ValueCount = 256;
    // As the web rules searched before KeywordPrefilter: shorter values NUL-padded so SearchValues stays vectorised.
    private const int MinSearchChars = 48;

    /// <summary>Values per operation (used by the ns/line column: ns per value).</summary>
    public static long LinesPerOperation => ValueCount;

    /// <summary>Which field's values are searched.</summary>
    public enum FieldKind
    {
        /// <summary>Request paths (target anchors).</summary>
        Path,
        /// <summary>Query strings (target anchors).</summary>
        Query,
        /// <summary>User agents (header anchors).</summary>
        Agent,
    }

    /// <summary>The values searched.</summary>
    [Params(FieldKind.Path, FieldKind.Query, FieldKind.Agent)]
    public FieldKind Field { get; set; }

    private byte[][] _values = [];
    private SearchValues<string>[] _groups = [];
    private KeywordPrefilter _filter = null!;
    private char[] _chars = new char[4096];

    /// <summary>Generates the log, picks the values and checks both searches agree on them.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _values = DistinctValues(Field);
        (_groups, _filter) = Field == FieldKind.Agent
            ? ([WebRules.HeaderPrefilter], new KeywordPrefilter(WebRules.HeaderAnchors))
            : (WebRules.TargetPrefilter, new KeywordPrefilter(WebRules.TargetAnchors));
        var hits = 0;
        foreach (var value in _values)
        {
            var expected = Widened(value);
            if (_filter.MayContainAny(value) != expected || _filter.MayContainAnyScalar(value) != expected)
                throw new InvalidOperationException($"the searches disagree on {Encoding.Latin1.GetString(value)}");
            if (expected) hits++;
        }
        Console.WriteLine($"// {Field}: {_values.Length} values ({_values.Select(Encoding.Latin1.GetString).Distinct().Count()} distinct), mean {_values.Average(v => v.Length):F1} bytes, {hits} may match");
    }

    /// <summary>The current search: widened, padded, one <see cref="SearchValues{T}"/> per group.</summary>
    [Benchmark(Baseline = true)]
    public int SearchValuesWidened()
    {
        var count = 0;
        foreach (var value in _values)
            if (Widened(value)) count++;
        return count;
    }

    /// <summary>The SWAR hot path.</summary>
    [Benchmark]
    public int KeywordPrefilter()
    {
        var count = 0;
        foreach (var value in _values)
            if (_filter.MayContainAny(value)) count++;
        return count;
    }

    /// <summary>The byte-at-a-time reference.</summary>
    [Benchmark]
    public int KeywordPrefilterScalar()
    {
        var count = 0;
        foreach (var value in _values)
            if (_filter.MayContainAnyScalar(value)) count++;
        return count;
    }

    private bool Widened(ReadOnlySpan<byte> value)
    {
        var length = Math.Max(value.Length, MinSearchChars);
        if (_chars.Length < length) _chars = new char[Math.Max(length, _chars.Length * 2)];
        var widened = Encoding.Latin1.GetChars(value, _chars);
        _chars.AsSpan(widened, length - widened).Clear();
        var chars = _chars.AsSpan(0, length);
        foreach (var group in _groups)
            if (chars.IndexOfAny(group) >= 0) return true;
        return false;
    }

    private static byte[][] DistinctValues(FieldKind field)
    {
        using var log = new MemoryStream();
        LogGenerator.Generate(new GenerationOptions { Format = LogFormat.Combined, Lines = 20_000, Seed = 3, Threads = 1 }, log);
        var collector = new FieldCollector(field);
        var cursor = new LineBlockCutter.Cursor();
        new LineBlockCutter(FormatRegistry.CreateParser(ClfVariant.Combined, ScannerKind.Scalar), new ParseCounters(), collector)
            .Feed(log.ToArray(), final: true, ref cursor);
        var distinct = collector.Values;
        // Spread over the whole log (the attack scenarios are not at its start); a field with
        // fewer distinct values (user agents) repeats them, each search timed as if the value were new.
        return [.. Enumerable.Range(0, ValueCount).Select(k => Encoding.Latin1.GetBytes(
            distinct.Count >= ValueCount ? distinct[(int)((long)k * distinct.Count / ValueCount)] : distinct[k % distinct.Count]))];
    }

    /// <summary>Distinct values of one field in first-seen order (Latin-1 text keeps every byte).</summary>
    private sealed class FieldCollector(FieldKind field) : IBatchConsumer
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public List<string> Values { get; } = [];

        public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
        {
            var column = field switch
            {
                FieldKind.Path => batch.Path,
                FieldKind.Query => batch.Query,
                _ => batch.Agent,
            };
            for (var r = 0; r < batch.Count; r++)
            {
                if (column[r].IsNull) continue;
                var text = Encoding.Latin1.GetString(column[r].Slice(block));
                if (_seen.Add(text)) Values.Add(text);
            }
        }
    }
}
