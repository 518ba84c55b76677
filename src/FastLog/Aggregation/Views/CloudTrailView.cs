using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Partials;

namespace FastLog.Aggregation.Views;

/// <summary>
/// What <c>analyze</c> shows for CloudTrail: events by name, source, region and error code,
/// console logins (success, failure, without MFA, by user), source addresses and identity types.
/// </summary>
/// <remarks>
/// A console login is a record with <c>responseElements.ConsoleLogin</c>; it succeeded when that
/// is <c>Success</c> and failed otherwise. "Without MFA" counts successful logins whose
/// <c>additionalEventData.MFAUsed</c> is <c>No</c> (the condition of the console-login-without-MFA rule).
/// </remarks>
public sealed class CloudTrailView : IAggregator
{
    /// <summary>Records in total.</summary>
    public long Records;

    /// <inheritdoc/>
    public bool IsApproximate => EventNames.IsApproximate || EventSources.IsApproximate || Regions.IsApproximate || ErrorCodes.IsApproximate
        || SourceIps.IsApproximate || UserTypes.IsApproximate || ConsoleUsers.IsApproximate;
    /// <summary>Records per <c>eventName</c>.</summary>
    public readonly SymbolTable EventNames;
    /// <summary>Records per <c>eventSource</c>.</summary>
    public readonly SymbolTable EventSources;
    /// <summary>Records per <c>awsRegion</c>.</summary>
    public readonly SymbolTable Regions;
    /// <summary>Records per <c>errorCode</c>; its null count is the successful calls.</summary>
    public readonly SymbolTable ErrorCodes;
    /// <summary>Records with an <c>errorCode</c>.</summary>
    public long Errors;
    /// <summary>Records per <c>sourceIPAddress</c>.</summary>
    public readonly SymbolTable SourceIps;
    /// <summary>Records per <c>userIdentity.type</c>.</summary>
    public readonly SymbolTable UserTypes;
    /// <summary>Console logins per user name.</summary>
    public readonly SymbolTable ConsoleUsers;
    /// <summary>Failed console logins per <see cref="ConsoleUsers"/> id.</summary>
    public long[] ConsoleUserFailures = new long[64];
    /// <summary>Successful console logins without MFA per <see cref="ConsoleUsers"/> id.</summary>
    public long[] ConsoleUserNoMfa = new long[64];
    /// <summary>Successful console logins.</summary>
    public long ConsoleSuccesses;
    /// <summary>Failed console logins.</summary>
    public long ConsoleFailures;
    /// <summary>Successful console logins without MFA.</summary>
    public long ConsoleNoMfa;

    private int[] _ids = new int[LogBatch.DefaultCapacity];
    private ulong[] _hashes = new ulong[LogBatch.DefaultCapacity];

    /// <summary>Creates an empty view whose tables have <paramref name="budget"/> each.</summary>
    public CloudTrailView(TableBudget budget)
    {
        EventNames = new SymbolTable(budget, 256);
        EventSources = new SymbolTable(budget, 64);
        Regions = new SymbolTable(budget, 32);
        ErrorCodes = new SymbolTable(budget, 64);
        SourceIps = new SymbolTable(budget);
        UserTypes = new SymbolTable(budget, 16);
        ConsoleUsers = new SymbolTable(budget, 64);
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
        WeightedColumn.Count(EventNames, batch.TextColumn(LogField.EventName)!, block, n, weights, _ids, _hashes);
        WeightedColumn.Count(EventSources, batch.TextColumn(LogField.EventSource)!, block, n, weights, _ids, _hashes);
        WeightedColumn.Count(Regions, batch.TextColumn(LogField.Region)!, block, n, weights, _ids, _hashes);
        WeightedColumn.Count(SourceIps, batch.Ip, block, n, weights, _ids, _hashes);
        WeightedColumn.Count(UserTypes, batch.TextColumn(LogField.UserType)!, block, n, weights, _ids, _hashes);
        var errorCode = batch.TextColumn(LogField.ErrorCode)!;
        var consoleLogin = batch.TextColumn(LogField.ConsoleLogin)!;
        var mfa = batch.TextColumn(LogField.Mfa)!;
        var user = batch.User;
        // Invariant: records [0, r) are counted with their weights.
        for (var r = 0; r < n; r++)
        {
            var w = WeightedColumn.Weight(weights, r);
            Records += w;
            if (!errorCode[r].IsNull) Errors += w;
            WeightedColumn.Add(ErrorCodes, errorCode[r], block, w);

            var login = consoleLogin[r];
            if (login.IsNull) continue;
            var success = login.Slice(block).SequenceEqual("Success"u8);
            var noMfa = success && mfa[r].Slice(block).SequenceEqual("No"u8); // a null range slices to empty
            if (success) ConsoleSuccesses += w;
            else ConsoleFailures += w;
            if (noMfa) ConsoleNoMfa += w;
            var id = WeightedColumn.Add(ConsoleUsers, user[r], block, w);
            if (id < 0) continue;
            TableMerge.EnsureLength(ref ConsoleUserFailures, ConsoleUsers.IdCapacity);
            TableMerge.EnsureLength(ref ConsoleUserNoMfa, ConsoleUsers.IdCapacity);
            if (!success) ConsoleUserFailures[id] += w;
            if (noMfa) ConsoleUserNoMfa[id] += w;
        }
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (CloudTrailView)other;
        Records += o.Records;
        TableMerge.Into(EventNames, o.EventNames);
        TableMerge.Into(EventSources, o.EventSources);
        TableMerge.Into(Regions, o.Regions);
        TableMerge.Into(ErrorCodes, o.ErrorCodes);
        Errors += o.Errors;
        TableMerge.Into(SourceIps, o.SourceIps);
        TableMerge.Into(UserTypes, o.UserTypes);
        var userMap = TableMerge.Into(ConsoleUsers, o.ConsoleUsers);
        var mapped = Math.Min(o.ConsoleUsers.Count, o.ConsoleUserFailures.Length);
        TableMerge.AddMapped(ref ConsoleUserFailures, ConsoleUsers.IdCapacity, o.ConsoleUserFailures, mapped, userMap);
        TableMerge.AddMapped(ref ConsoleUserNoMfa, ConsoleUsers.IdCapacity, o.ConsoleUserNoMfa, Math.Min(o.ConsoleUsers.Count, o.ConsoleUserNoMfa.Length), userMap);
        ConsoleSuccesses += o.ConsoleSuccesses;
        ConsoleFailures += o.ConsoleFailures;
        ConsoleNoMfa += o.ConsoleNoMfa;
    }

    /// <summary>Writes the counts and tables (each in key order; the per-user counts in the users' order).</summary>
    public void WriteState(PartialWriter writer)
    {
        writer.WriteInt(Records);
        EventNames.WriteState(writer);
        EventSources.WriteState(writer);
        Regions.WriteState(writer);
        ErrorCodes.WriteState(writer);
        writer.WriteInt(Errors);
        SourceIps.WriteState(writer);
        UserTypes.WriteState(writer);
        var users = ConsoleUsers.WriteState(writer);
        writer.WriteInOrder(ConsoleUserFailures, users);
        writer.WriteInOrder(ConsoleUserNoMfa, users);
        writer.WriteInt(ConsoleSuccesses);
        writer.WriteInt(ConsoleFailures);
        writer.WriteInt(ConsoleNoMfa);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty view.</summary>
    public void ReadState(PartialReader reader)
    {
        Records = reader.ReadInt();
        EventNames.ReadState(reader);
        EventSources.ReadState(reader);
        Regions.ReadState(reader);
        ErrorCodes.ReadState(reader);
        Errors = reader.ReadInt();
        SourceIps.ReadState(reader);
        UserTypes.ReadState(reader);
        ConsoleUsers.ReadState(reader);
        ConsoleUserFailures = reader.ReadPerId(ConsoleUsers.IdCapacity);
        ConsoleUserNoMfa = reader.ReadPerId(ConsoleUsers.IdCapacity);
        ConsoleSuccesses = reader.ReadInt();
        ConsoleFailures = reader.ReadInt();
        ConsoleNoMfa = reader.ReadInt();
    }
}
