using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Partials;

namespace FastLog.Aggregation.Views;

/// <summary>What <c>analyze</c> shows for GitHub Archive events: events by type, top actors and repositories, public vs private.</summary>
public sealed class GithubView : IAggregator
{
    /// <summary>Events in total.</summary>
    public long Records => _records;

    /// <inheritdoc/>
    public bool IsApproximate => Types.IsApproximate || Actors.IsApproximate || Repos.IsApproximate;
    /// <summary>Events per <c>type</c>.</summary>
    public SymbolTable Types { get; }
    /// <summary>Events per <c>actor.login</c>.</summary>
    public SymbolTable Actors { get; }
    /// <summary>Events per <c>repo.name</c>.</summary>
    public SymbolTable Repos { get; }
    /// <summary>Events with <c>public: true</c>.</summary>
    public long Public => _public;
    /// <summary>Events with <c>public: false</c>.</summary>
    public long Private => _private;
    /// <summary>Events without <c>public</c>.</summary>
    public long VisibilityUnknown => _visibilityUnknown;

    private long _records;
    private long _public;
    private long _private;
    private long _visibilityUnknown;
    private readonly WeightedColumnCounter _counter = new();

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
        var weights = batch.Repeats;
        _counter.Count(Types, batch.TextColumn(LogField.Type)!, batch, block);
        _counter.Count(Actors, batch.TextColumn(LogField.Actor)!, batch, block);
        _counter.Count(Repos, batch.TextColumn(LogField.Repo)!, batch, block);
        var visibility = batch.NumberColumn(LogField.Public)!;
        // Invariant: records [0, r) are counted with their weights.
        for (var r = 0; r < n; r++)
        {
            var w = WeightedColumn.Weight(weights, r);
            _records += w;
            switch (visibility[r])
            {
                case 1: _public += w; break;
                case 0: _private += w; break;
                default: _visibilityUnknown += w; break;
            }
        }
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (GithubView)other;
        _records += o._records;
        TableMerge.Into(Types, o.Types);
        TableMerge.Into(Actors, o.Actors);
        TableMerge.Into(Repos, o.Repos);
        _public += o._public;
        _private += o._private;
        _visibilityUnknown += o._visibilityUnknown;
    }

    /// <summary>Writes the counts and tables (each in key order).</summary>
    public void WriteState(PartialWriter writer)
    {
        writer.WriteInt(_records);
        Types.WriteState(writer);
        Actors.WriteState(writer);
        Repos.WriteState(writer);
        writer.WriteInt(_public);
        writer.WriteInt(_private);
        writer.WriteInt(_visibilityUnknown);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty view.</summary>
    public void ReadState(PartialReader reader)
    {
        _records = reader.ReadInt();
        Types.ReadState(reader);
        Actors.ReadState(reader);
        Repos.ReadState(reader);
        _public = reader.ReadInt();
        _private = reader.ReadInt();
        _visibilityUnknown = reader.ReadInt();
    }
}
