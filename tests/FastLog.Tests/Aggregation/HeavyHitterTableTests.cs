using System.Text;
using FastLog.Aggregation.Sketches;
using FastLog.Aggregation.Tables;

namespace FastLog.Tests.Aggregation;

public class HeavyHitterTableTests
{
    [Fact]
    public void WithinBudgetItIsExact()
    {
        var table = new HeavyHitterTable(new TableBudget(100, 1 << 20));
        for (var i = 0; i < 1000; i++) table.Add(Encoding.ASCII.GetBytes($"k{i % 50}"));
        Assert.False(table.IsApproximate);
        Assert.Equal(0, table.OtherCount);
        Assert.All(Enumerable.Range(0, table.Table.Count), id => Assert.Equal(20, table.Table.Counts[id]));
    }

    [Fact]
    public void AFloodOfUniqueKeysDoesNotHideTheHeavyHitters()
    {
        // An attacker sends 200,000 unique URLs between the real traffic; the budget is 1,000 keys.
        var table = new HeavyHitterTable(new TableBudget(1000, 1 << 20));
        var truth = new Dictionary<string, long>();
        var random = new Random(5);
        for (var i = 0; i < 300_000; i++)
        {
            var key = random.Next(3) == 0 ? $"/popular/{random.Next(10)}" : $"/attack/{i}";
            truth[key] = truth.GetValueOrDefault(key) + 1;
            table.Add(Encoding.ASCII.GetBytes(key));
        }
        Assert.True(table.IsApproximate);
        Assert.True(table.MaxUndercount <= 300_000 / 500, $"bound {table.MaxUndercount}");
        var top = TableRanking.Top(table.Table, 10).Select(id => Encoding.ASCII.GetString(table.Table.KeyOf(id))).ToHashSet();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"/popular/{i}").ToHashSet(), top);
        for (var id = 0; id < table.Table.Count; id++)
        {
            var key = Encoding.ASCII.GetString(table.Table.KeyOf(id));
            var estimate = table.Table.Counts[id];
            Assert.InRange(truth[key] - estimate, 0, table.MaxUndercount);
        }
    }
}
