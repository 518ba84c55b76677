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

    /// <summary>
    /// The name of a view that cannot be saved in a partial yet (auth, syslog, CloudTrail, GitHub,
    /// service health), or null when every view present can: <c>--partial</c> refuses the run
    /// rather than write a partial that would lose it.
    /// </summary>
    public string? UnsavedView => Auth is not null ? "auth" : Syslog is not null ? "syslog" : CloudTrail is not null ? "cloudtrail"
        : Github is not null ? "github" : ServiceHealth is not null ? "jsonl service health" : null;

    /// <summary>Writes the activity of each format present (access-log formats: their other views are in the traffic aggregate).</summary>
    public void WriteState(PartialWriter writer)
    {
        if (UnsavedView is { } view) throw new NotSupportedException($"the {view} view cannot be saved in a partial yet");
        writer.WriteUInt((ulong)_activity.Length);
        foreach (var activity in _activity)
        {
            writer.WriteBool(activity is not null);
            activity?.WriteState(writer);
        }
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty aggregator.</summary>
    public void ReadState(PartialReader reader)
    {
        if (reader.ReadCount(s_formatCount) != s_formatCount) throw new InvalidDataException("corrupt partial: another number of formats");
        for (var f = 0; f < s_formatCount; f++)
            if (reader.ReadBool()) (_activity[f] = new ActivityView(budget)).ReadState(reader);
    }
}
