using FastLog.Aggregation;
using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Detection.Auth;
using FastLog.Detection.CloudTrail;
using FastLog.Detection.Custom;
using FastLog.Detection.Web;
using FastLog.Partials;

namespace FastLog.Detection;

/// <summary>
/// What <c>detect</c> accumulates: every rule family, each fed the batches of its formats
/// (access logs → W rules, auth → L rules, CloudTrail → C rules, custom rules → the formats they name), so mixed inputs are checked
/// by all of them in one run.
/// </summary>
public sealed class DetectionAggregator(TableBudget budget, AuthRuleOptions? authOptions = null, CloudTrailRuleOptions? cloudTrailOptions = null,
    CustomRuleSet? rules = null, AccessAggregator? shareKeysWith = null, WebRuleOptions? webOptions = null) : IAggregator, IPartialState
{
    /// <summary>Web rules W1–W12 (with <c>shareKeysWith</c>, reusing that traffic aggregate's key tables and ids).</summary>
    public WebDetectionAggregator Web { get; } = new(budget, shareKeysWith, webOptions);

    /// <summary>sshd / auth rules L1–L6.</summary>
    public AuthDetectionAggregator Auth { get; } = new(budget, authOptions);

    /// <summary>CloudTrail rules C1–C13.</summary>
    public CloudTrailDetectionAggregator CloudTrail { get; } = new(budget, cloudTrailOptions);

    /// <summary>The <c>--rules</c> file's rules (each reads the formats it names), or null without one.</summary>
    public CustomDetectionAggregator? Custom { get; } = rules is null ? null : new(rules, budget);

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        Custom?.Consume(batch, block);
        if (batch.Format.IsAccessLog()) Web.Consume(batch, block);
        else if (batch.Format == LogFormat.Auth) Auth.Consume(batch, block);
        else if (batch.Format == LogFormat.CloudTrail) CloudTrail.Consume(batch, block);
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (DetectionAggregator)other;
        Web.Merge(o.Web);
        Auth.Merge(o.Auth);
        CloudTrail.Merge(o.CloudTrail);
        if (Custom is not null) Custom.Merge(o.Custom!);
    }

    /// <summary>
    /// Writes every family's state (docs/partials.md, "Detection state"). Rule options are not
    /// written: they are the run's options, which the partial records and merge compares.
    /// </summary>
    public void WriteState(PartialWriter writer)
    {
        Web.WriteState(writer);
        Auth.WriteState(writer);
        CloudTrail.WriteState(writer);
        writer.WriteBool(Custom is not null);
        Custom?.WriteState(writer);
    }

    /// <inheritdoc/>
    public void ReadState(PartialReader reader)
    {
        Web.ReadState(reader);
        Auth.ReadState(reader);
        CloudTrail.ReadState(reader);
        if (reader.ReadBool() != Custom is not null) throw new InvalidDataException("corrupt partial: custom rule state where the run has no --rules, or none where it has");
        Custom?.ReadState(reader);
    }

    /// <summary>True when any family's table went past its budget.</summary>
    public bool IsApproximate => Web.IsApproximate || Auth.IsApproximate || CloudTrail.IsApproximate || Custom?.IsApproximate == true;
}
