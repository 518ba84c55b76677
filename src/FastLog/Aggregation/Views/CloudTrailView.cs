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
    public long Records => _records;

    /// <inheritdoc/>
    public bool IsApproximate => EventNames.IsApproximate || EventSources.IsApproximate || Regions.IsApproximate || ErrorCodes.IsApproximate
        || SourceIps.IsApproximate || UserTypes.IsApproximate || ConsoleUsers.IsApproximate;
    /// <summary>Records per <c>eventName</c>.</summary>
    public SymbolTable EventNames { get; }
    /// <summary>Records per <c>eventSource</c>.</summary>
    public SymbolTable EventSources { get; }
    /// <summary>Records per <c>awsRegion</c>.</summary>
    public SymbolTable Regions { get; }
    /// <summary>Records per <c>errorCode</c>; its null count is the successful calls.</summary>
    public SymbolTable ErrorCodes { get; }
    /// <summary>Records with an <c>errorCode</c>.</summary>
    public long Errors => _errors;
    /// <summary>Records per <c>sourceIPAddress</c>.</summary>
    public SymbolTable SourceIps { get; }
    /// <summary>Records per <c>userIdentity.type</c>.</summary>
    public SymbolTable UserTypes { get; }
    /// <summary>Console logins per user name.</summary>
    public SymbolTable ConsoleUsers { get; }
    /// <summary>Failed console logins per <see cref="ConsoleUsers"/> id.</summary>
    public ReadOnlySpan<long> ConsoleUserFailures => _consoleUserFailures;
    /// <summary>Successful console logins without MFA per <see cref="ConsoleUsers"/> id.</summary>
    public ReadOnlySpan<long> ConsoleUserNoMfa => _consoleUserNoMfa;
    /// <summary>Successful console logins.</summary>
    public long ConsoleSuccesses => _consoleSuccesses;
    /// <summary>Failed console logins.</summary>
    public long ConsoleFailures => _consoleFailures;
    /// <summary>Successful console logins without MFA.</summary>
    public long ConsoleNoMfa => _consoleNoMfa;

    private long _records;
    private long _errors;
    private long[] _consoleUserFailures = new long[64];
    private long[] _consoleUserNoMfa = new long[64];
    private long _consoleSuccesses;
    private long _consoleFailures;
    private long _consoleNoMfa;
    private readonly WeightedColumnCounter _counter = new();

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
        var weights = batch.Repeats;
        _counter.Count(EventNames, batch.TextColumn(LogField.EventName)!, batch, block);
        _counter.Count(EventSources, batch.TextColumn(LogField.EventSource)!, batch, block);
        _counter.Count(Regions, batch.TextColumn(LogField.Region)!, batch, block);
        _counter.Count(SourceIps, batch.Ip, batch, block);
        _counter.Count(UserTypes, batch.TextColumn(LogField.UserType)!, batch, block);
        var errorCode = batch.TextColumn(LogField.ErrorCode)!;
        var consoleLogin = batch.TextColumn(LogField.ConsoleLogin)!;
        var mfa = batch.TextColumn(LogField.Mfa)!;
        var user = batch.User;
        // Invariant: records [0, r) are counted with their weights.
        for (var r = 0; r < n; r++)
        {
            var w = WeightedColumn.Weight(weights, r);
            _records += w;
            if (!errorCode[r].IsNull) _errors += w;
            WeightedColumn.Add(ErrorCodes, errorCode[r], block, w);

            var login = consoleLogin[r];
            if (login.IsNull) continue;
            var success = login.Slice(block).SequenceEqual("Success"u8);
            var noMfa = success && mfa[r].Slice(block).SequenceEqual("No"u8); // a null range slices to empty
            if (success) _consoleSuccesses += w;
            else _consoleFailures += w;
            if (noMfa) _consoleNoMfa += w;
            var id = WeightedColumn.Add(ConsoleUsers, user[r], block, w);
            if (id < 0) continue;
            TableMerge.EnsureLength(ref _consoleUserFailures, ConsoleUsers.IdCapacity);
            TableMerge.EnsureLength(ref _consoleUserNoMfa, ConsoleUsers.IdCapacity);
            if (!success) _consoleUserFailures[id] += w;
            if (noMfa) _consoleUserNoMfa[id] += w;
        }
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (CloudTrailView)other;
        _records += o._records;
        TableMerge.Into(EventNames, o.EventNames);
        TableMerge.Into(EventSources, o.EventSources);
        TableMerge.Into(Regions, o.Regions);
        TableMerge.Into(ErrorCodes, o.ErrorCodes);
        _errors += o._errors;
        TableMerge.Into(SourceIps, o.SourceIps);
        TableMerge.Into(UserTypes, o.UserTypes);
        var userMap = TableMerge.Into(ConsoleUsers, o.ConsoleUsers);
        var mapped = Math.Min(o.ConsoleUsers.Count, o._consoleUserFailures.Length);
        TableMerge.AddMapped(ref _consoleUserFailures, ConsoleUsers.IdCapacity, o._consoleUserFailures, mapped, userMap);
        TableMerge.AddMapped(ref _consoleUserNoMfa, ConsoleUsers.IdCapacity, o._consoleUserNoMfa, Math.Min(o.ConsoleUsers.Count, o._consoleUserNoMfa.Length), userMap);
        _consoleSuccesses += o._consoleSuccesses;
        _consoleFailures += o._consoleFailures;
        _consoleNoMfa += o._consoleNoMfa;
    }

    /// <summary>Writes the counts and tables (each in key order; the per-user counts in the users' order).</summary>
    public void WriteState(PartialWriter writer)
    {
        writer.WriteInt(_records);
        EventNames.WriteState(writer);
        EventSources.WriteState(writer);
        Regions.WriteState(writer);
        ErrorCodes.WriteState(writer);
        writer.WriteInt(_errors);
        SourceIps.WriteState(writer);
        UserTypes.WriteState(writer);
        var users = ConsoleUsers.WriteState(writer);
        writer.WriteInOrder(_consoleUserFailures, users);
        writer.WriteInOrder(_consoleUserNoMfa, users);
        writer.WriteInt(_consoleSuccesses);
        writer.WriteInt(_consoleFailures);
        writer.WriteInt(_consoleNoMfa);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty view.</summary>
    public void ReadState(PartialReader reader)
    {
        _records = reader.ReadInt();
        EventNames.ReadState(reader);
        EventSources.ReadState(reader);
        Regions.ReadState(reader);
        ErrorCodes.ReadState(reader);
        _errors = reader.ReadInt();
        SourceIps.ReadState(reader);
        UserTypes.ReadState(reader);
        ConsoleUsers.ReadState(reader);
        _consoleUserFailures = reader.ReadPerId(ConsoleUsers.IdCapacity);
        _consoleUserNoMfa = reader.ReadPerId(ConsoleUsers.IdCapacity);
        _consoleSuccesses = reader.ReadInt();
        _consoleFailures = reader.ReadInt();
        _consoleNoMfa = reader.ReadInt();
    }
}
