using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Partials;

namespace FastLog.Aggregation.Views;

/// <summary>What <c>analyze</c> shows for GitHub Archive events: events by type, top actors and repositories, public vs private.</summary>
public sealed class GithubView : IAggregator
{
    /// <summary>Events in total.</summary>
    public long Records;

    /// <inheritdoc/>
    public bool IsApproximate => Types.IsApproximate || Actors.IsApproximate || Repos.IsApproximate;
    /// <summary>Events per <c>type</c>.</summary>
    public readonly SymbolTable Types;
    /// <summary>Events per <c>actor.login</c>.</summary>
    public readonly SymbolTable Actors;
    /// <summary>Events per <c>repo.name</c>.</summary>
    public readonly SymbolTable Repos;
    /// <summary>Events with <c>public: true</c>.</summary>
    public long Public;
    /// <summary>Events with <c>public: false</c>.</summary>
    public long Private;
    /// <summary>Events without <c>public</c>.</summary>
    public long VisibilityUnknown;

    private int[] _ids = new int[LogBatch.DefaultCapacity];
    private ulong[] _hashes = new ulong[LogBatch.DefaultCapacity];

    /// <summary>Creates an empty view whose tables have <paramref name="budget"/> each.</summary>
    public GithubView(TableBudget budget)
    {
        Types = new SymbolTable(budget, 32);
        Actors = new SymbolTable(budget);
        Repos = new SymbolTable(budget);
    }

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        var n = batch.Count;
        if (_ids.Length < n)
        {
            _ids = new int[batch.Capacity];
            _hashes = new ulong[batch.Capacity];
        }
        var weights = batch.Repeats;
        WeightedColumn.Count(Types, batch.TextColumn(LogField.Type)!, block, n, weights, _ids, _hashes);
        WeightedColumn.Count(Actors, batch.TextColumn(LogField.Actor)!, block, n, weights, _ids, _hashes);
        WeightedColumn.Count(Repos, batch.TextColumn(LogField.Repo)!, block, n, weights, _ids, _hashes);
        var visibility = batch.NumberColumn(LogField.Public)!;
        // Invariant: records [0, r) are counted with their weights.
        for (var r = 0; r < n; r++)
        {
            var w = WeightedColumn.Weight(weights, r);
            Records += w;
            switch (visibility[r])
            {
                case 1: Public += w; break;
                case 0: Private += w; break;
                default: VisibilityUnknown += w; break;
            }
        }
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (GithubView)other;
        Records += o.Records;
        TableMerge.Into(Types, o.Types);
        TableMerge.Into(Actors, o.Actors);
        TableMerge.Into(Repos, o.Repos);
        Public += o.Public;
        Private += o.Private;
        VisibilityUnknown += o.VisibilityUnknown;
    }

    /// <summary>Writes the counts and tables (each in key order).</summary>
    public void WriteState(PartialWriter writer)
    {
        writer.WriteInt(Records);
        Types.WriteState(writer);
        Actors.WriteState(writer);
        Repos.WriteState(writer);
        writer.WriteInt(Public);
        writer.WriteInt(Private);
        writer.WriteInt(VisibilityUnknown);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty view.</summary>
    public void ReadState(PartialReader reader)
    {
        Records = reader.ReadInt();
        Types.ReadState(reader);
        Actors.ReadState(reader);
        Repos.ReadState(reader);
        Public = reader.ReadInt();
        Private = reader.ReadInt();
        VisibilityUnknown = reader.ReadInt();
    }
}
