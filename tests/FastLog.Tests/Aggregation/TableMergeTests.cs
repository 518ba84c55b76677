using System.Text;
using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Formats;

namespace FastLog.Tests.Aggregation;

/// <summary>
/// The merge of symbol tables (stored hashes, prefetched lookups), tables sized like another, and
/// the batched endpoint lookups of the traffic aggregate: each against the plain one-by-one path.
/// </summary>
public class TableMergeTests
{
    private static byte[] Key(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>Keys of varied lengths (inline and arena keys, some sharing long prefixes and suffixes) drawn from a pool.</summary>
    private static List<byte[]> Records(int seed, int count, int pool)
    {
        var random = new Random(seed);
        var records = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            var k = random.Next(pool);
            records.Add(Key((k % 3) switch
            {
                0 => $"{k}",
                1 => $"/a/long/common/prefix/{k}/and/a/long/common/suffix.html",
                _ => new string('x', k % 40) + k,
            }));
        }
        return records;
    }

    private static SymbolTable Counted(IEnumerable<byte[]> records, TableBudget budget)
    {
        var table = new SymbolTable(budget, 16);
        foreach (var r in records) table.Add(r);
        return table;
    }

    private static void AssertSameTable(SymbolTable expected, SymbolTable actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var id = 0; id < expected.Count; id++)
        {
            Assert.True(expected.KeyOf(id).SequenceEqual(actual.KeyOf(id)), $"id {id}");
            Assert.Equal(expected.Counts[id], actual.Counts[id]);
        }
        Assert.Equal(expected.OtherCount, actual.OtherCount);
        Assert.Equal(expected.IsApproximate, actual.IsApproximate);
    }

    [Theory]
    [InlineData(1, 1 << 22)]
    [InlineData(2, 1 << 22)]
    [InlineData(3, 700)]
    [InlineData(4, 50)]
    public void MergeIsTheTableOfAllRecordsInOrder_AndItsMapNamesEachKey(int seed, int maxKeys)
    {
        var budget = new TableBudget(maxKeys, 1 << 20);
        var first = Records(seed, 20_000, 1500);
        var second = Records(seed + 100, 20_000, 3000);
        // A source within its budget: the merge is the table of every record of both parts, one
        // by one (same ids, counts and refusals).
        var target = Counted(first, budget);
        var source = Counted(second, TableBudget.Default);
        var map = TableMerge.Into(target, source);
        AssertSameTable(Counted(first.Concat(second), budget), target);
        for (var id = 0; id < source.Count; id++)
        {
            if (map[id] >= 0) Assert.True(target.KeyOf(map[id]).SequenceEqual(source.KeyOf(id)));
            else Assert.Equal(-1, target.GetOrAdd(source.KeyOf(id)));
        }
        // A source past its budget too: its refused records stay in "other"; its keys go in its id order.
        var budgeted = Counted(second, budget);
        var merged = Counted(first, budget);
        TableMerge.Into(merged, budgeted);
        var oneByOne = Counted(first, budget);
        for (var id = 0; id < budgeted.Count; id++) oneByOne.Add(budgeted.KeyOf(id), budgeted.Counts[id]);
        oneByOne.OtherCount += budgeted.OtherCount;
        AssertSameTable(oneByOne, merged);
        if (maxKeys < 1000) return;
        // Within the budget, a Dictionary over the records is the reference.
        var expected = first.Concat(second).GroupBy(Convert.ToHexString).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expected.Count, target.Count);
        for (var id = 0; id < target.Count; id++) Assert.Equal(expected[Convert.ToHexString(target.KeyOf(id))], target.Counts[id]);
    }

    [Fact]
    public void KeysEqualInPrefixLengthAndSuffix_StayDistinctThroughMerge()
    {
        var budget = TableBudget.Default;
        var keys = Enumerable.Range(0, 200).Select(i => Key("/p/" + new string('a', 40) + (char)('A' + i % 26) + (char)('A' + i / 26) + new string('z', 40))).ToArray();
        var target = Counted(keys.Where((_, i) => i % 2 == 0), budget);
        var source = Counted(keys.Concat(keys), budget);
        TableMerge.Into(target, source);
        Assert.Equal(keys.Length, target.Count);
        for (var id = 0; id < target.Count; id++) Assert.Equal(keys.Count(k => k.AsSpan().SequenceEqual(target.KeyOf(id))) * (id < 100 ? 3 : 2), target.Counts[id]);
    }

    [Fact]
    public void ATableSizedLikeAnother_CountsAsADefaultOne_WithoutGrowing()
    {
        var records = Records(5, 30_000, 5000);
        var like = Counted(records, TableBudget.Default);
        var sized = SymbolTable.SizedLike(TableBudget.Default, like);
        var capacity = sized.IdCapacity;
        foreach (var r in records) sized.Add(r);
        Assert.Equal(capacity, sized.IdCapacity);
        AssertSameTable(like, sized);
    }

    /// <summary>
    /// The endpoints of a batch's new paths are looked up together: the same table (ids,
    /// counts, refusals) and per-endpoint errors as one record per batch, with paths new twice in
    /// a batch and an endpoint budget that refuses.
    /// </summary>
    [Theory]
    [InlineData(1 << 20)]
    [InlineData(120)]
    public void EndpointsOfABatch_AreThoseOfOneRecordAtATime(int maxKeyBytes)
    {
        var builder = new ViewsBatchBuilder(LogFormat.Combined, [], []);
        var statuses = new List<short>();
        var random = new Random(9);
        for (var i = 0; i < 400; i++)
        {
            var path = random.Next(4) switch
            {
                0 => $"/u{random.Next(40)}/1", // its template, /uN/{id}, is longer: the endpoints' key bytes run out first
                1 => $"/static/app-{random.Next(30)}.js",
                2 => $"/items/{random.Next(20):x16}/view",
                _ => $"/page{random.Next(10)}",
            };
            builder.Add(1_700_000_000 + i, (LogField.Ip, $"10.0.0.{i % 7}"), (LogField.Method, "GET"), (LogField.Path, path), (LogField.Agent, "a"));
            statuses.Add((short)(random.Next(5) == 0 ? 500 : 200));
        }
        var budget = new TableBudget(1 << 20, maxKeyBytes);
        var whole = new AccessAggregator(budget);
        Consume(whole, builder, statuses, 0, builder.Count);
        var single = new AccessAggregator(budget);
        for (var r = 0; r < builder.Count; r++) Consume(single, builder, statuses, r, 1);

        AssertSameTable(single.Paths, whole.Paths);
        AssertSameTable(single.Endpoints, whole.Endpoints);
        Assert.Equal(single.EndpointErrors[..single.Endpoints.Count].ToArray(), whole.EndpointErrors[..whole.Endpoints.Count].ToArray());
        Assert.Equal(maxKeyBytes < 1000, whole.Endpoints.IsApproximate);
    }

    private static void Consume(AccessAggregator aggregator, ViewsBatchBuilder builder, List<short> statuses, int start, int count)
    {
        var (batch, block) = builder.Build(start, count);
        for (var r = 0; r < count; r++) batch.Status[r] = statuses[start + r];
        aggregator.Consume(batch, block);
    }
}
