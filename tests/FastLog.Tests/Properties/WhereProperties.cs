using System.Text;
using CsCheck;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Formats;
using FastLog.Formats.Clf;
using FastLog.Query;
using FastLog.Scanning;

namespace FastLog.Tests.Properties;

/// <summary>
/// The compiled <c>--where</c> predicate keeps exactly the records a tiny reference interpreter
/// keeps, over random expressions (comparisons, text tests, <c>not</c>, <c>and</c>, <c>or</c>)
/// and random records (absent bytes, user agents and requests included). Reference semantics, as
/// the README states them: an absent field matches no comparison or text test, and <c>!=</c> is
/// the exact negation of <c>==</c>, so it matches an absent field.
/// </summary>
public class WhereProperties
{
    private sealed record Row(int Status, long? Bytes, string? Method, string? Path, string? Agent);

    private abstract record Expr
    {
        public abstract string Text { get; }
        public abstract bool Eval(Row row);
    }

    private sealed record NumberTest(string Field, string Op, long Value) : Expr
    {
        public override string Text => $"{Field} {Op} {Value}";
        public override bool Eval(Row row)
        {
            long? v = Field == "status" ? row.Status : row.Bytes;
            if (v is not { } x) return Op == "!=";
            return Op switch { "==" => x == Value, "!=" => x != Value, "<" => x < Value, "<=" => x <= Value, ">" => x > Value, _ => x >= Value };
        }
    }

    private sealed record TextTest(string Field, string Op, string Value) : Expr
    {
        public override string Text => $"{Field} {Op} '{Value}'";
        public override bool Eval(Row row)
        {
            var v = Field switch { "method" => row.Method, "path" => row.Path, _ => row.Agent };
            if (v is null) return Op == "!=";
            return Op switch
            {
                "==" => v == Value,
                "!=" => v != Value,
                "contains" => v.Contains(Value, StringComparison.Ordinal),
                "startswith" => v.StartsWith(Value, StringComparison.Ordinal),
                _ => v.EndsWith(Value, StringComparison.Ordinal),
            };
        }
    }

    private sealed record Not(Expr Inner) : Expr
    {
        public override string Text => $"not ({Inner.Text})";
        public override bool Eval(Row row) => !Inner.Eval(row);
    }

    private sealed record Binary(Expr Left, string Op, Expr Right) : Expr
    {
        public override string Text => $"({Left.Text}) {Op} ({Right.Text})";
        public override bool Eval(Row row) => Op == "and" ? Left.Eval(row) && Right.Eval(row) : Left.Eval(row) || Right.Eval(row);
    }

    private static readonly Gen<string> s_word = Gen.Char["ab/.x1"].Array[0, 4].Select(c => new string(c));
    private static readonly Gen<string> s_uaWord = Gen.Char["ab c/1."].Array[1, 6].Select(c => new string(c));

    private static readonly Gen<Row> s_row = Gen.Select(Gen.Int[100, 599], Gen.Long[0, 3000].Nullable(), Gen.OneOf("GET", "POST", "HEAD", "get"),
        Gen.Char["ab/.x1"].Array[1, 6].Select(c => "/" + new string(c)), Gen.Bool, s_uaWord.Null(),
        (status, bytes, method, path, hasRequest, ua) => hasRequest ? new Row(status, bytes, method, path, ua) : new Row(status, bytes, null, null, ua));

    private static readonly Gen<Expr> s_leaf = Gen.Frequency(
        (1, Gen.Select(Gen.OneOf("status", "bytes"), Gen.OneOf("==", "!=", "<", "<=", ">", ">="), Gen.Long[0, 3000], (f, op, v) => (Expr)new NumberTest(f, op, v))),
        (1, Gen.Select(Gen.OneOf("method", "path", "ua"), Gen.OneOf("==", "!=", "contains", "startswith", "endswith"), s_word, (f, op, v) => (Expr)new TextTest(f, op, v))));

    private static Gen<Expr> ExprOf(int depth) => depth == 0 ? s_leaf : Gen.Frequency(
        (2, s_leaf),
        (1, ExprOf(depth - 1).Select(e => (Expr)new Not(e))),
        (2, Gen.Select(ExprOf(depth - 1), Gen.OneOf("and", "or"), ExprOf(depth - 1), (l, op, r) => (Expr)new Binary(l, op, r))));

    [Fact]
    public void CompiledWhere_KeepsWhatTheReferenceInterpreterKeeps() =>
        Gen.Select(s_row.Array[1, 40], ExprOf(3)).Sample((rows, expr) =>
        {
            var (batch, block) = Parse(rows);
            Assert.Equal(rows.Length, batch.Count);
            var selection = Enumerable.Range(0, batch.Count).ToArray();
            var kept = RecordFilter.Compile(expr.Text, 0).CreatePredicate().Filter(batch, block, selection, selection.Length);
            var expected = Enumerable.Range(0, rows.Length).Where(i => expr.Eval(rows[i])).ToArray();
            Assert.Equal(expected, selection[..kept]);
        }, iter: 3_000, threads: 1, print: t => $"{t.Item2.Text} over {string.Join(" | ", t.Item1.Select(Line))}");

    private static string Line(Row r)
        => $"192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"{(r.Method is null ? "-" : $"{r.Method} {r.Path} HTTP/1.1")}\" {r.Status} {(r.Bytes?.ToString() ?? "-")} \"-\" \"{r.Agent ?? "-"}\"";

    private static (LogBatch, byte[]) Parse(Row[] rows)
    {
        var block = Encoding.UTF8.GetBytes(string.Concat(rows.Select(r => Line(r) + "\n")));
        var collector = new BatchCopy();
        new ClfFormat(ClfVariant.Combined).CreateParser(ScannerKind.Scalar, FormatSettings.Default).ParseBlock(block, default, new ParseCounters(), collector);
        return (collector.Batch, block);
    }

    private sealed class BatchCopy : IBatchConsumer
    {
        public LogBatch Batch { get; } = new();

        public void Consume(LogBatch batch, ReadOnlySpan<byte> block) => Batch.CopySelected(batch, Enumerable.Range(0, batch.Count).ToArray());
    }
}
