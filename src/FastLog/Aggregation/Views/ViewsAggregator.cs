using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Partials;

namespace FastLog.Aggregation.Views;

/// <summary>
/// The per-format views of <c>analyze</c>: records per hour for every format, and the auth,
/// syslog, CloudTrail, GitHub and service-health views, each fed only its format's batches.
/// </summary>
/// <remarks>
/// A view is created by the first batch of its format, so a run over access logs allocates no
/// auth tables. Merging adds view by view; a view one side lacks is taken as empty. Every
/// count is exact and independent of the split and the merge order while no table goes past
/// its budget (each view's tables say so when one does).
/// </remarks>
public sealed class ViewsAggregator(TableBudget budget) : IAggregator
{
    private static readonly int s_formatCount = (int)Enum.GetValues<LogFormat>().Max() + 1;
    private readonly ActivityView?[] _activity = new ActivityView?[s_formatCount];

    /// <summary>Auth view (format <c>auth</c>), or null when no auth record was seen.</summary>
    public AuthView? Auth { get; private set; }
    /// <summary>Syslog view (format <c>syslog</c>), or null.</summary>
    public SyslogView? Syslog { get; private set; }
    /// <summary>CloudTrail view, or null.</summary>
    public CloudTrailView? CloudTrail { get; private set; }
    /// <summary>GitHub view, or null.</summary>
    public GithubView? Github { get; private set; }
    /// <summary>Service-health view of <c>jsonl</c> records, or null.</summary>
    public ServiceHealthView? ServiceHealth { get; private set; }

    /// <summary>The activity of <paramref name="format"/>, or null when it had no record.</summary>
    public ActivityView? Activity(LogFormat format) => (uint)format < (uint)_activity.Length ? _activity[(int)format] : null;

    /// <summary>Formats with records, in <see cref="LogFormat"/> order, with their activity.</summary>
    public IEnumerable<(LogFormat Format, ActivityView Activity)> Activities
    {
        get
        {
            for (var f = 0; f < _activity.Length; f++)
                if (_activity[f] is { Records: > 0 } a) yield return ((LogFormat)f, a);
        }
    }

    /// <inheritdoc/>
    public bool IsApproximate
    {
        get
        {
            foreach (var a in _activity)
                if (a?.IsApproximate == true) return true;
            return Auth?.IsApproximate == true || Syslog?.IsApproximate == true || CloudTrail?.IsApproximate == true
                || Github?.IsApproximate == true || ServiceHealth?.IsApproximate == true;
        }
    }

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        if (batch.Count == 0 || (uint)batch.Format >= (uint)_activity.Length) return;
        (_activity[(int)batch.Format] ??= new ActivityView(budget)).Consume(batch, block);
        switch (batch.Format)
        {
            case LogFormat.Auth: (Auth ??= new AuthView(budget)).Consume(batch, block); break;
            case LogFormat.Syslog: (Syslog ??= new SyslogView(budget)).Consume(batch, block); break;
            case LogFormat.CloudTrail: (CloudTrail ??= new CloudTrailView(budget)).Consume(batch, block); break;
            case LogFormat.Github: (Github ??= new GithubView(budget)).Consume(batch, block); break;
            case LogFormat.Jsonl: (ServiceHealth ??= new ServiceHealthView(budget)).Consume(batch, block); break;
        }
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (ViewsAggregator)other;
        for (var f = 0; f < _activity.Length; f++)
            if (o._activity[f] is { } theirs) (_activity[f] ??= new ActivityView(budget)).Merge(theirs);
        if (o.Auth is { } auth) (Auth ??= new AuthView(budget)).Merge(auth);
        if (o.Syslog is { } syslog) (Syslog ??= new SyslogView(budget)).Merge(syslog);
        if (o.CloudTrail is { } cloudTrail) (CloudTrail ??= new CloudTrailView(budget)).Merge(cloudTrail);
        if (o.Github is { } github) (Github ??= new GithubView(budget)).Merge(github);
        if (o.ServiceHealth is { } health) (ServiceHealth ??= new ServiceHealthView(budget)).Merge(health);
    }

    /// <summary>Writes the activity of each format present, then each view present (a presence flag before each).</summary>
    public void WriteState(PartialWriter writer)
    {
        writer.WriteUInt((ulong)_activity.Length);
        foreach (var activity in _activity)
        {
            writer.WriteBool(activity is not null);
            activity?.WriteState(writer);
        }
        writer.WriteBool(Auth is not null);
        Auth?.WriteState(writer);
        writer.WriteBool(Syslog is not null);
        Syslog?.WriteState(writer);
        writer.WriteBool(CloudTrail is not null);
        CloudTrail?.WriteState(writer);
        writer.WriteBool(Github is not null);
        Github?.WriteState(writer);
        writer.WriteBool(ServiceHealth is not null);
        ServiceHealth?.WriteState(writer);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty aggregator.</summary>
    public void ReadState(PartialReader reader)
    {
        if (reader.ReadCount(s_formatCount) != s_formatCount) throw new InvalidDataException("corrupt partial: another number of formats");
        for (var f = 0; f < s_formatCount; f++)
            if (reader.ReadBool()) (_activity[f] = new ActivityView(budget)).ReadState(reader);
        if (reader.ReadBool()) (Auth = new AuthView(budget)).ReadState(reader);
        if (reader.ReadBool()) (Syslog = new SyslogView(budget)).ReadState(reader);
        if (reader.ReadBool()) (CloudTrail = new CloudTrailView(budget)).ReadState(reader);
        if (reader.ReadBool()) (Github = new GithubView(budget)).ReadState(reader);
        if (reader.ReadBool()) (ServiceHealth = new ServiceHealthView(budget)).ReadState(reader);
    }
}
