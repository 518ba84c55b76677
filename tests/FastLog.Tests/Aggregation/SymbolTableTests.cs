using System.Text;
using FastLog.Aggregation.Tables;

namespace FastLog.Tests.Aggregation;

public class SymbolTableTests
{
    [Fact]
    public void CountsEveryKeyExactlyAcrossRehashes()
    {
        var table = new SymbolTable(TableBudget.Default, 16);
        var expected = new Dictionary<string, long>();
        var random = new Random(3);
        for (var i = 0; i < 200_000; i++)
        {
            var key = "k" + random.Next(30_000);
            table.Add(Encoding.UTF8.GetBytes(key));
            expected[key] = expected.GetValueOrDefault(key) + 1;
        }
        Assert.Equal(expected.Count, table.Count);
        for (var id = 0; id < table.Count; id++)
            Assert.Equal(expected[Encoding.UTF8.GetString(table.KeyOf(id))], table.Counts[id]);
        Assert.False(table.IsApproximate);
    }

    [Fact]
    public void KeysDifferingOnlyAfterNulOrByLengthStayApart()
    {
        var table = new SymbolTable(TableBudget.Default);
        byte[][] keys = [[], [0], [0, 0], [0, 1], [1, 0], "a"u8.ToArray(), "a\0"u8.ToArray()];
        foreach (var k in keys) table.Add(k);
        foreach (var k in keys) table.Add(k);
        Assert.Equal(keys.Length, table.Count);
        Assert.All(Enumerable.Range(0, table.Count), id => Assert.Equal(2, table.Counts[id]));
    }

    [Fact]
    public void PastTheBudgetNewKeysGoToOtherAndTheTableIsApproximate()
    {
        var table = new SymbolTable(new TableBudget(100, 1 << 20));
        for (var i = 0; i < 1000; i++) table.Add(Encoding.UTF8.GetBytes($"attacker-url-{i}"));
        table.Add("attacker-url-5"u8);
        Assert.Equal(100, table.Count);
        Assert.Equal(900, table.OtherCount);
        Assert.True(table.IsApproximate);
        Assert.Equal(2, table.Counts[table.GetOrAdd("attacker-url-5"u8)]);
    }

    [Fact]
    public void RankingIsCountDescendingThenKeyBytewise()
    {
        var table = new SymbolTable(TableBudget.Default);
        foreach (var (key, n) in new[] { ("b", 2), ("a", 2), ("Z", 2), ("c", 5), ("é", 1), ("d", 1) })
            table.Add(Encoding.UTF8.GetBytes(key), n);
        var order = TableRanking.Top(table, 10).Select(id => Encoding.UTF8.GetString(table.KeyOf(id)));
        Assert.Equal(["c", "Z", "a", "b", "d", "é"], order);
        var top3 = TableRanking.Top(table, 3).Select(id => Encoding.UTF8.GetString(table.KeyOf(id)));
        Assert.Equal(["c", "Z", "a"], top3);
    }
}
