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
    public long Records;

    /// <inheritdoc/>
    public bool IsApproximate => FailedIps.IsApproximate || FailedUsers.IsApproximate || AcceptedIps.IsApproximate || AcceptedUsers.IsApproximate
        || AcceptedUserMethods.IsApproximate || InvalidUsers.IsApproximate || SudoCommands.IsApproximate || Programs.IsApproximate || Hosts.IsApproximate;
    /// <summary>Occurrences per <see cref="AuthEvent"/> code (codes out of range count as <see cref="AuthEvent.Other"/>).</summary>
    public readonly long[] Events = new long[AuthEventNames.Names.Count];
    /// <summary>Failure events (<see cref="AuthEventNames.IsFailure"/>).</summary>
    public long FailedLogins;
    /// <summary><see cref="AuthEvent.Accepted"/> events.</summary>
    public long AcceptedLogins;
    /// <summary>Failure events per source address.</summary>
    public readonly SymbolTable FailedIps;
    /// <summary>Failure events per user name.</summary>
    public readonly SymbolTable FailedUsers;
    /// <summary>Accepted logins per source address.</summary>
    public readonly SymbolTable AcceptedIps;
    /// <summary>Accepted logins per user name.</summary>
    public readonly SymbolTable AcceptedUsers;
    /// <summary>Accepted logins per (user, method) <see cref="PairKey"/>.</summary>
    public readonly SymbolTable AcceptedUserMethods;
    /// <summary>Records naming the user invalid (<see cref="LogField.InvalidUser"/> = 1), per user name.</summary>
    public readonly SymbolTable InvalidUsers;
    /// <summary><see cref="AuthEvent.SudoCommand"/> events per (user, command) <see cref="PairKey"/>.</summary>
    public readonly SymbolTable SudoCommands;
    /// <summary>Records per program (syslog tag).</summary>
    public readonly SymbolTable Programs;
    /// <summary>Records per host.</summary>
    public readonly SymbolTable Hosts;

    private readonly PairKey _pair = new();
    private int[] _ids = new int[LogBatch.DefaultCapacity];
    private ulong[] _hashes = new ulong[LogBatch.DefaultCapacity];

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
        Programs = new SymbolTable(budget, 64);
        Hosts = new SymbolTable(budget, 64);
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
        WeightedColumn.Count(Programs, batch.TextColumn(LogField.App)!, block, n, weights, _ids, _hashes);
        WeightedColumn.Count(Hosts, batch.TextColumn(LogField.Host)!, block, n, weights, _ids, _hashes);
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
            Records += w;
            var code = events[r];
            var e = code >= 0 && code < Events.Length ? (AuthEvent)code : AuthEvent.Other;
            Events[(int)e] += w;
            if (AuthEventNames.IsFailure(e))
            {
                FailedLogins += w;
                WeightedColumn.Add(FailedIps, ip[r], block, w);
                WeightedColumn.Add(FailedUsers, user[r], block, w);
            }
            else if (e == AuthEvent.Accepted)
            {
                AcceptedLogins += w;
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
        Records += o.Records;
        for (var e = 0; e < Events.Length; e++) Events[e] += o.Events[e];
        FailedLogins += o.FailedLogins;
        AcceptedLogins += o.AcceptedLogins;
        TableMerge.Into(FailedIps, o.FailedIps);
        TableMerge.Into(FailedUsers, o.FailedUsers);
        TableMerge.Into(AcceptedIps, o.AcceptedIps);
        TableMerge.Into(AcceptedUsers, o.AcceptedUsers);
        TableMerge.Into(AcceptedUserMethods, o.AcceptedUserMethods);
        TableMerge.Into(InvalidUsers, o.InvalidUsers);
        TableMerge.Into(SudoCommands, o.SudoCommands);
        TableMerge.Into(Programs, o.Programs);
        TableMerge.Into(Hosts, o.Hosts);
    }

    /// <summary>Writes the counts and tables (each in key order).</summary>
    public void WriteState(PartialWriter writer)
    {
        writer.WriteInt(Records);
        writer.WriteCounts(Events);
        writer.WriteInt(FailedLogins);
        writer.WriteInt(AcceptedLogins);
        foreach (var table in Tables) table.WriteState(writer);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty view.</summary>
    public void ReadState(PartialReader reader)
    {
        Records = reader.ReadInt();
        reader.ReadCounts(Events);
        FailedLogins = reader.ReadInt();
        AcceptedLogins = reader.ReadInt();
        foreach (var table in Tables) table.ReadState(reader);
    }

    private SymbolTable[] Tables => [FailedIps, FailedUsers, AcceptedIps, AcceptedUsers, AcceptedUserMethods, InvalidUsers, SudoCommands, Programs, Hosts];
}
