using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Partials;

namespace FastLog.Aggregation.Views;

/// <summary>
/// What <c>analyze</c> shows for auth logs (sshd, sudo, useradd inside syslog): events by kind,
/// failed and accepted logins by address and user, invalid users tried, sudo commands by user,
/// programs and hosts. Every count is in occurrences (repeat weights honoured).
/// </summary>
/// <remarks>
/// A failed login is an event <see cref="AuthEventNames.IsFailure"/> accepts (the events rules
/// L2–L4 count), so one sshd attempt logged as <c>Invalid user</c> and <c>Failed password</c>
/// counts twice, as it does for the rules.
/// </remarks>
public sealed class AuthView : IAggregator
{
    /// <summary>Occurrences in total.</summary>
    public long Records => _records;

    /// <inheritdoc/>
    public bool IsApproximate => FailedIps.IsApproximate || FailedUsers.IsApproximate || AcceptedIps.IsApproximate || AcceptedUsers.IsApproximate
        || AcceptedUserMethods.IsApproximate || InvalidUsers.IsApproximate || SudoCommands.IsApproximate || _sources.IsApproximate;
    /// <summary>Occurrences per <see cref="AuthEvent"/> code (codes out of range count as <see cref="AuthEvent.Other"/>).</summary>
    public ReadOnlySpan<long> Events => _events;
    /// <summary>Failure events (<see cref="AuthEventNames.IsFailure"/>).</summary>
    public long FailedLogins => _failedLogins;
    /// <summary><see cref="AuthEvent.Accepted"/> events.</summary>
    public long AcceptedLogins => _acceptedLogins;
    /// <summary>Failure events per source address.</summary>
    public SymbolTable FailedIps { get; }
    /// <summary>Failure events per user name.</summary>
    public SymbolTable FailedUsers { get; }
    /// <summary>Accepted logins per source address.</summary>
    public SymbolTable AcceptedIps { get; }
    /// <summary>Accepted logins per user name.</summary>
    public SymbolTable AcceptedUsers { get; }
    /// <summary>Accepted logins per (user, method) <see cref="PairKey"/>.</summary>
    public SymbolTable AcceptedUserMethods { get; }
    /// <summary>Records naming the user invalid (<see cref="LogField.InvalidUser"/> = 1), per user name.</summary>
    public SymbolTable InvalidUsers { get; }
    /// <summary><see cref="AuthEvent.SudoCommand"/> events per (user, command) <see cref="PairKey"/>.</summary>
    public SymbolTable SudoCommands { get; }
    /// <summary>Records per program (syslog tag).</summary>
    public SymbolTable Programs => _sources.Programs;
    /// <summary>Records per host.</summary>
    public SymbolTable Hosts => _sources.Hosts;

    private long _records;
    private readonly long[] _events = new long[AuthEventNames.Names.Count];
    private long _failedLogins;
    private long _acceptedLogins;
    private readonly PairKey _pair = new();
    private readonly SyslogSources _sources;
    private readonly WeightedColumnCounter _counter = new();

    /// <summary>Creates an empty view whose tables have <paramref name="budget"/> each.</summary>
    public AuthView(TableBudget budget)
    {
        FailedIps = new SymbolTable(budget);
        FailedUsers = new SymbolTable(budget);
        AcceptedIps = new SymbolTable(budget, 64);
        AcceptedUsers = new SymbolTable(budget, 64);
        AcceptedUserMethods = new SymbolTable(budget, 64);
        InvalidUsers = new SymbolTable(budget);
        SudoCommands = new SymbolTable(budget, 64);
        _sources = new SyslogSources(budget);
    }

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        var n = batch.Count;
        var weights = batch.Repeats;
        _sources.Count(_counter, batch, block);
        var events = batch.NumberColumn(LogField.Event)!;
        var invalid = batch.NumberColumn(LogField.InvalidUser)!;
        var command = batch.TextColumn(LogField.Command)!;
        var ip = batch.Ip;
        var user = batch.User;
        var method = batch.Method;
        // Invariant: records [0, r) are counted with their weights in every table.
        for (var r = 0; r < n; r++)
        {
            var w = WeightedColumn.Weight(weights, r);
            _records += w;
            var code = events[r];
            var e = code >= 0 && code < _events.Length ? (AuthEvent)code : AuthEvent.Other;
            _events[(int)e] += w;
            if (AuthEventNames.IsFailure(e))
            {
                _failedLogins += w;
                WeightedColumn.Add(FailedIps, ip[r], block, w);
                WeightedColumn.Add(FailedUsers, user[r], block, w);
            }
            else if (e == AuthEvent.Accepted)
            {
                _acceptedLogins += w;
                WeightedColumn.Add(AcceptedIps, ip[r], block, w);
                WeightedColumn.Add(AcceptedUsers, user[r], block, w);
                _pair.Add(AcceptedUserMethods, user[r], method[r], block, w);
            }
            else if (e == AuthEvent.SudoCommand)
            {
                _pair.Add(SudoCommands, user[r], command[r], block, w);
            }
            if (invalid[r] == 1) WeightedColumn.Add(InvalidUsers, user[r], block, w);
        }
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (AuthView)other;
        _records += o._records;
        for (var e = 0; e < _events.Length; e++) _events[e] += o._events[e];
        _failedLogins += o._failedLogins;
        _acceptedLogins += o._acceptedLogins;
        TableMerge.Into(FailedIps, o.FailedIps);
        TableMerge.Into(FailedUsers, o.FailedUsers);
        TableMerge.Into(AcceptedIps, o.AcceptedIps);
        TableMerge.Into(AcceptedUsers, o.AcceptedUsers);
        TableMerge.Into(AcceptedUserMethods, o.AcceptedUserMethods);
        TableMerge.Into(InvalidUsers, o.InvalidUsers);
        TableMerge.Into(SudoCommands, o.SudoCommands);
        _sources.Merge(o._sources);
    }

    /// <summary>Writes the counts and tables (each in key order).</summary>
    public void WriteState(PartialWriter writer)
    {
        writer.WriteInt(_records);
        writer.WriteCounts(_events);
        writer.WriteInt(_failedLogins);
        writer.WriteInt(_acceptedLogins);
        foreach (var table in Tables) table.WriteState(writer);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty view.</summary>
    public void ReadState(PartialReader reader)
    {
        _records = reader.ReadInt();
        reader.ReadCounts(_events);
        _failedLogins = reader.ReadInt();
        _acceptedLogins = reader.ReadInt();
        foreach (var table in Tables) table.ReadState(reader);
    }

    private SymbolTable[] Tables => [FailedIps, FailedUsers, AcceptedIps, AcceptedUsers, AcceptedUserMethods, InvalidUsers, SudoCommands, Programs, Hosts];
}
