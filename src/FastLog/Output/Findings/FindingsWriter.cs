using System.Text;
using System.Text.Json;
using FastLog.Detection;
using FastLog.Output.Table;
using FastLog.Output.Text;
using FastLog.Runs;

namespace FastLog.Output.Findings;

/// <summary>
/// Writes findings as a readable table or as JSON lines with Elastic Common Schema names
/// (nested objects: <c>source.ip</c>, <c>rule.id</c>, <c>event.severity</c> …), so a SIEM ingests
/// them as they are. Every log-derived value is data: invalid UTF-8 becomes U+FFFD, JSON escaping
/// is System.Text.Json's, table cells are terminal-escaped, evidence excerpts are <c>\xHH</c>-escaped.
/// </summary>
public static class FindingsWriter
{
    /// <summary>Writes the findings as one JSON array (<c>--output json</c>), the same objects as <see cref="WriteJsonLines"/>.</summary>
    public static void WriteJsonArray(IReadOnlyList<Finding> findings, RunSummary run, Stream output, AddressClass? addresses = null, bool approximate = false)
    {
        output.WriteByte((byte)'[');
        Write(findings, run, output, addresses, separator: (byte)',', approximate);
        output.Write("]\n"u8);
    }

    /// <summary>
    /// Writes one JSON object per finding. With <paramref name="approximate"/> (a detection table
    /// went past its budget, so findings may be missing or undercounted) every finding carries
    /// <c>fastlog.approximate: true</c>.
    /// </summary>
    public static void WriteJsonLines(IReadOnlyList<Finding> findings, RunSummary run, Stream output, AddressClass? addresses = null, bool approximate = false)
        => Write(findings, run, output, addresses, separator: null, approximate);

    private static void Write(IReadOnlyList<Finding> findings, RunSummary run, Stream output, AddressClass? addresses, byte? separator, bool approximate)
    {
        for (var k = 0; k < findings.Count; k++)
        {
            var f = findings[k];
            if (k > 0 && separator is { } comma) output.WriteByte(comma);
            using (var json = new Utf8JsonWriter(output))
            {
                json.WriteStartObject();
                json.WriteString("@timestamp", Time(f.FirstUnixSeconds));
                json.WriteStartObject("event");
                json.WriteString("kind", "alert");
                json.WriteString("category", f.Rule.Category);
                json.WriteNumber("severity", (int)f.Rule.Severity);
                json.WriteNumber("count", f.EventCount);
                json.WriteString("start", Time(f.FirstUnixSeconds));
                json.WriteString("end", Time(f.LastUnixSeconds));
                json.WriteEndObject();
                json.WriteStartObject("rule");
                json.WriteString("id", f.Rule.Id);
                json.WriteString("name", f.Rule.Name);
                json.WriteString("description", f.Rule.Condition);
                json.WriteString("reference", f.Rule.Reference);
                json.WriteEndObject();
                if (f.GroupField is null && f.SourceIp.Length > 0)
                {
                    // ECS source.ip is an IP field: a host name or CloudTrail's "AWS Internal" goes to source.address only.
                    json.WriteStartObject("source");
                    json.WriteString("address", Text(f.SourceIp));
                    if (Query.Literals.IpAddressText.Parse(f.SourceIp, out _) != Query.Literals.IpAddressText.None) json.WriteString("ip", Text(f.SourceIp));
                    WriteGeo(json, f.Geo);
                    json.WriteEndObject();
                }
                if (f.Host is { } host)
                {
                    json.WriteStartObject("host");
                    json.WriteString("name", Text(host));
                    json.WriteEndObject();
                }
                if ((f.GroupField == "user" ? f.SourceIp : f.User) is { } user)
                {
                    json.WriteStartObject("user");
                    json.WriteString("name", Text(user));
                    json.WriteEndObject();
                }
                if (f.Url is { } url)
                {
                    json.WriteStartObject("url");
                    json.WriteString("original", Text(url));
                    json.WriteEndObject();
                }
                if (f.UserAgent is { } agent)
                {
                    json.WriteStartObject("user_agent");
                    json.WriteString("original", Text(agent));
                    json.WriteEndObject();
                }
                json.WriteStartObject("fastlog");
                json.WriteString("severity", f.Rule.Severity.ToString().ToLowerInvariant());
                if (approximate) json.WriteBoolean("approximate", true);
                if (f.GroupField is not null)
                {
                    json.WriteStartObject("group");
                    json.WriteString("field", f.GroupField);
                    json.WriteString("value", Text(f.SourceIp));
                    json.WriteEndObject();
                }
                else if (f.SourceIp.Length > 0)
                {
                    json.WriteString("source_network", (addresses ?? AddressClass.Default).Classify(f.SourceIp));
                }
                if (f.Windows > 0) json.WriteNumber("windows", f.Windows);
                json.WriteStartArray("evidence");
                foreach (var e in f.Evidence)
                {
                    json.WriteStartObject();
                    json.WriteString("file", run.Inputs[e.InputIndex].Path);
                    json.WriteNumber("line", run.LineNumber(e.InputIndex, e.ChunkIndex, e.LineIndexInChunk));
                    json.WriteNumber("offset", e.FileOffset);
                    json.WriteString("text", ValueText.EscapeExcerpt(e.Excerpt));
                    if (e.SuspectContinuation) json.WriteBoolean("suspect_continuation", true);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
            }
            output.WriteByte((byte)'\n');
        }
    }

    /// <summary>Writes the findings and the incidents as text tables.</summary>
    public static void WriteTable(IReadOnlyList<Finding> findings, TextWriter output, AddressClass? addresses = null)
    {
        if (findings.Count == 0)
        {
            output.Write("no findings\n");
            return;
        }
        // Host, user and geo columns only when a finding has them (auth, CloudTrail, --geoip): web-only reports keep their shape.
        var named = findings.Any(f => f.Host is not null || f.User is not null);
        var geo = findings.Any(f => f.Geo is not null);
        var headers = new List<string> { "severity", "rule", "name", "source" };
        if (named) headers.AddRange(["host", "user"]);
        if (geo) headers.Add("geo");
        headers.AddRange(["events", "first", "last", "sample"]);
        var table = new TextTable([.. headers]).AlignRight(headers.Count - 4);
        foreach (var f in findings)
        {
            var cells = new List<string>
            {
                f.Rule.Severity.ToString().ToLowerInvariant(), f.Rule.Id, f.Rule.Name,
                f.GroupField is { } field ? $"{field}={Text(f.SourceIp)}" : Text(f.SourceIp),
            };
            if (named) cells.AddRange([f.Host is { } h ? Text(h) : "", f.User is { } u ? Text(u) : ""]);
            if (geo) cells.Add(f.Geo?.Summary() ?? "");
            cells.AddRange([f.EventCount.ToString("N0"), Time(f.FirstUnixSeconds), Time(f.LastUnixSeconds),
                f.Url is { } url ? Text(url) : f.UserAgent is { } ua ? Text(ua) : ""]);
            table.Add([.. cells]);
        }
        table.Write(output);
        output.Write("\n== Incidents by source ==\n");
        var incidents = geo
            ? new TextTable("score", "source", "network", "geo", "events", "max severity", "rules", "first", "last").AlignRight(0, 4)
            : new TextTable("score", "source", "network", "events", "max severity", "rules", "first", "last").AlignRight(0, 3);
        foreach (var i in Incidents.From(findings))
        {
            string[] cells = [i.ThreatScore.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), Text(i.SourceIp),
                (addresses ?? AddressClass.Default).Classify(i.SourceIp), i.EventCount.ToString("N0"),
                i.MaxSeverity.ToString().ToLowerInvariant(), string.Join(",", i.RuleIds), Time(i.FirstUnixSeconds), Time(i.LastUnixSeconds)];
            incidents.Add(geo ? [.. cells[..3], i.Geo?.Summary() ?? "", .. cells[3..]] : cells);
        }
        incidents.Write(output);
        var byUser = IncidentByUser.From(findings);
        if (byUser.Count == 0) return;
        output.Write("\n== Incidents by user ==\n");
        var users = new TextTable("score", "user", "sources", "events", "max severity", "rules", "first", "last").AlignRight(0, 2, 3);
        foreach (var i in byUser)
        {
            users.Add(i.ThreatScore.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), Text(i.User), i.Sources.ToString("N0"),
                i.EventCount.ToString("N0"), i.MaxSeverity.ToString().ToLowerInvariant(), string.Join(",", i.RuleIds), Time(i.FirstUnixSeconds), Time(i.LastUnixSeconds));
        }
        users.Write(output);
    }

    /// <summary>ECS <c>source.geo.country_iso_code</c> and <c>source.as.number</c> / <c>source.as.organization.name</c>, when known.</summary>
    private static void WriteGeo(Utf8JsonWriter json, Detection.Enrichment.GeoInfo? geo)
    {
        if (geo is null) return;
        if (geo.CountryIsoCode is { } country)
        {
            json.WriteStartObject("geo");
            json.WriteString("country_iso_code", country);
            json.WriteEndObject();
        }
        if (geo.AsNumber is null && geo.AsOrganization is null) return;
        json.WriteStartObject("as");
        if (geo.AsNumber is { } number) json.WriteNumber("number", number);
        if (geo.AsOrganization is { } organization)
        {
            json.WriteStartObject("organization");
            json.WriteString("name", organization);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>RFC 3339 UTC.</summary>
    public static string Time(long unixSeconds) => Columns.FieldRenderer.TimestampText(unixSeconds, withTime: true);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
