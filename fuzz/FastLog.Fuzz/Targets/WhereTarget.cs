using System.Text;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Clf;
using FastLog.Fuzz.Invariants;
using FastLog.Query;
using FastLog.Query.Syntax;
using FastLog.Scanning;

namespace FastLog.Fuzz.Targets;

/// <summary>
/// The <c>--where</c> lexer and compiler, then the compiled predicate over sample records: a bad
/// expression is refused only with <see cref="ExpressionException"/>; a good one keeps an
/// ascending subset of the records, <c>not (e)</c> keeps exactly the others, <c>not not</c>
/// changes nothing, and every kept record's line holds the required literal the prefilter
/// would skip lines by.
/// </summary>
public sealed class WhereTarget : IFuzzTarget
{
    /// <summary>A fixed "now" so relative times (<c>-2h</c>) replay the same.</summary>
    private const long Now = 1_700_000_000;

    private readonly Lazy<(LogBatch Batch, byte[] Block)> _sample = new(LoadSample);

    /// <inheritdoc/>
    public string Name => "where";

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
    {
        // '@FILE' reads a file of values: the fuzzer must not open /dev/stdin or the disk.
        var expression = Encoding.UTF8.GetString(data).Replace('@', ' ');
        RecordFilter filter;
        try
        {
            filter = RecordFilter.Compile(expression, Now);
        }
        catch (ExpressionException e)
        {
            if (e.Start < 0 || e.Start > expression.Length || e.Length < 0 || e.Start + e.Length > expression.Length + 1)
                Fail($"error span [{e.Start}, +{e.Length}) outside the expression of {expression.Length} chars");
            return;
        }
        var (batch, block) = _sample.Value;
        var kept = Select(filter, batch, block);
        if (filter.RequiredLiteral is { } literal)
        {
            foreach (var r in kept)
                if (batch.Line[r].Slice(block).IndexOf(literal) < 0)
                    Fail($"record {r} kept without the required literal '{Encoding.UTF8.GetString(literal)}'");
        }
        if (!TryCompile($"not ({expression}\n)", out var negated)) return;
        var others = Select(negated, batch, block);
        if (kept.Count + others.Count != batch.Count || kept.Intersect(others).Any())
            Fail($"e keeps {kept.Count} and not (e) {others.Count} of {batch.Count} records");
        if (TryCompile($"not not ({expression}\n)", out var twice) && !Select(twice, batch, block).SequenceEqual(kept))
            Fail("not not (e) differs from e");
    }

    /// <summary>Runs <paramref name="filter"/> over the sample records (the selection checks included).</summary>
    public void Evaluate(RecordFilter filter)
    {
        var (batch, block) = _sample.Value;
        Select(filter, batch, block);
    }

    private static bool TryCompile(string expression, out RecordFilter filter)
    {
        try
        {
            filter = RecordFilter.Compile(expression, Now);
            return true;
        }
        catch (ExpressionException)
        {
            // Only the nesting limit may refuse a wrapped expression that compiled bare.
            filter = null!;
            return false;
        }
    }

    private static List<int> Select(RecordFilter filter, LogBatch batch, byte[] block)
    {
        var selection = new int[batch.Count];
        for (var i = 0; i < selection.Length; i++) selection[i] = i;
        var kept = filter.CreatePredicate().Filter(batch, block, selection, selection.Length);
        if (kept < 0 || kept > batch.Count) Fail($"kept {kept} of {batch.Count}");
        var list = new List<int>(kept);
        for (var i = 0; i < kept; i++)
        {
            if (i > 0 && selection[i] <= selection[i - 1]) Fail("selection not ascending");
            if ((uint)selection[i] >= (uint)batch.Count) Fail($"selected record {selection[i]} does not exist");
            list.Add(selection[i]);
        }
        return list;
    }

    private static void Fail(string message) => throw new InvariantViolation("where", message);

    /// <summary>The combined sample log plus hand-made lines (IPv6, '-' fields, odd requests), parsed once.</summary>
    private static (LogBatch, byte[]) LoadSample()
    {
        var path = Path.Combine(FuzzTargets.RepoRoot, "data/samples/combined/access.log");
        var lines = File.Exists(path) ? File.ReadAllLines(path).Take(300) : [];
        string[] extra =
        [
            "2001:db8::1 - alice [10/Oct/2000:13:55:36 -0700] \"GET /a%20b?x=1&y=\\\"q\\\" HTTP/1.1\" 200 2326 \"-\" \"curl/8.0\"",
            "10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] \"-\" 400 - \"-\" \"-\"",
            "::ffff:192.0.2.7 - - [29/Feb/2024:23:59:59 +1400] \"POST /login HTTP/2.0\" 503 0 \"https://ex.com/?a=b\" \"Mozilla/5.0 (sqlmap)\"",
            "192.0.2.9 - - [31/Dec/1999:23:59:60 -1200] \"GET  HTTP/1.0\" 404 18446744073709551615 \"\" \"\"",
        ];
        var block = Encoding.UTF8.GetBytes(string.Join('\n', lines.Concat(extra)) + "\n");
        var collector = new Collector();
        var parser = new ClfFormat(ClfVariant.Combined).CreateParser(ScannerKind.Scalar, FormatSettings.Default);
        parser.ParseBlock(block, default, new ParseCounters(), collector);
        return (collector.Batch, block);
    }

    /// <summary>Copies the records of the one batch a small block makes into a batch of its own (ranges still point into the block).</summary>
    private sealed class Collector : IBatchConsumer
    {
        public LogBatch Batch { get; } = new();

        public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
        {
            var all = new int[batch.Count];
            for (var i = 0; i < all.Length; i++) all[i] = i;
            Batch.CopySelected(batch, all);
        }
    }

    /// <inheritdoc/>
    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        string[] expressions =
        [
            "status >= 500", "status == 404 and path startswith '/api/'", "ua icontains 'sqlmap' or ua == null",
            "not (method in [GET, HEAD]) and bytes > 1000", "ip in 10.0.0.0/8", "ip == 2001:db8::1", "ts >= -2h",
            "ts < 2024-03-01T10:00:00Z", "path ~ '^/a.*b$'", "referer !~ 'ex\\\\.com'", "query contains \"x=1\"",
            "user not in [alice, bob]", "request_time > 1.5s", "ip not in [192.0.2.0/24, ::1]", "(((status != 200)))",
        ];
        for (var i = 0; i < expressions.Length; i++) yield return ($"expr-{i}", Encoding.UTF8.GetBytes(expressions[i]));
    }
}
