using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FastLog.Columns;
using FastLog.Detection.Web;
using FastLog.Formats;
using FastLog.Input;
using FastLog.Query;
using FastLog.Query.Syntax;

namespace FastLog.Detection.Custom;

/// <summary>
/// The rules of a <c>--rules</c> file, read with <see cref="Utf8JsonReader"/> (no reflection) and
/// compiled once. The file is a JSON array of rule objects (or <c>{"rules": [...]}</c>); comments
/// and trailing commas are allowed. Fields of a rule:
/// <c>id</c>, <c>name</c>, <c>severity</c> (low | medium | high | critical), optional
/// <c>description</c>; the condition <c>where</c> (the <c>--where</c> language) and/or
/// <c>keywords</c> (any-of, case-insensitive, over the raw line), both ANDed when both are given;
/// optional <c>format</c> (a format name such as <c>auth</c> or <c>combined</c>, <c>access</c>
/// for every access-log format, or a list of them); optional <c>threshold</c> (events per window
/// at or above which a finding is made) with <c>window</c> (<c>30s</c>, <c>5m</c>, <c>1h</c>,
/// <c>1d</c>: fixed buckets), <c>group_by</c> (a field, default <c>ip</c>) and <c>distinct</c>
/// (a field whose distinct values per window are counted instead of events: Sigma
/// <c>value_count</c>).
/// </summary>
public sealed class CustomRuleSet
{
    /// <summary>Most rules a file may hold.</summary>
    public const int MaxRules = 10_000;
    /// <summary>Largest rules file read (from a pipe too: past it, reading stops with an error).</summary>
    public const long MaxFileBytes = 16L << 20;
    /// <summary>Longest window (a year): a bucket number then always fits the keys.</summary>
    public const long MaxWindowSeconds = 366L * 86400;
    /// <summary>Longest rule id.</summary>
    public const int MaxIdLength = 64;

    private static readonly string[] s_fields = ["id", "name", "severity", "description", "where", "keywords", "format", "threshold", "window", "group_by", "distinct"];

    private CustomRuleSet(IReadOnlyList<CustomRule> rules) => Rules = rules;

    /// <summary>The rules, in file order.</summary>
    public IReadOnlyList<CustomRule> Rules { get; }

    /// <summary>
    /// The XxHash128 of each rules file's bytes, in the files' order (a partial records them): taken
    /// from the bytes read once, so a rules file that is a pipe is never read a second time.
    /// </summary>
    public IReadOnlyList<UInt128> SourceHashes { get; private set; } = [];

    /// <summary>Reads and compiles the rules file at <paramref name="path"/>; relative times in <c>where</c> count back from <paramref name="nowUnixSeconds"/>.</summary>
    /// <exception cref="RuleFileException">The file is not valid JSON or a rule is wrong.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static CustomRuleSet Load(string path, long nowUnixSeconds)
    {
        byte[] bytes;
        try
        {
            bytes = SideInput.ReadAll(path, MaxFileBytes);
        }
        catch (InputTooLargeException e)
        {
            throw new RuleFileException($"{path}: {e.Message}");
        }
        var set = Parse(bytes, path, nowUnixSeconds);
        set.SourceHashes = [System.IO.Hashing.XxHash128.HashToUInt128(bytes)];
        return set;
    }

    /// <summary>The rules of several files (repeated <c>--rules</c>), in the files' order.</summary>
    /// <exception cref="RuleFileException">Two files define the same id, or more than <see cref="MaxRules"/> rules in all.</exception>
    public static CustomRuleSet Combine(IReadOnlyList<CustomRuleSet> sets)
    {
        if (sets.Count == 1) return sets[0];
        var rules = new List<CustomRule>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            foreach (var rule in set.Rules)
            {
                if (rules.Count >= MaxRules) throw new RuleFileException($"more than {MaxRules} rules in all the rules files");
                if (!ids.Add(rule.Rule.Id)) throw new RuleFileException($"rule '{rule.Rule.Id}' is defined in more than one rules file");
                rules.Add(rule);
            }
        }
        return new CustomRuleSet(rules) { SourceHashes = [.. sets.SelectMany(set => set.SourceHashes)] };
    }

    /// <summary>Compiles the rules of <paramref name="json"/>; <paramref name="source"/> names the file in messages and findings.</summary>
    /// <exception cref="RuleFileException">The text is not valid JSON or a rule is wrong.</exception>
    public static CustomRuleSet Parse(ReadOnlySpan<byte> json, string source, long nowUnixSeconds)
    {
        // Editors on Windows save UTF-8 with a byte order mark; it is no JSON token.
        if (json.StartsWith("\uFEFF"u8)) json = json[3..];
        // The JSON reader checks UTF-8 only where a string is read, and then throws an
        // InvalidOperationException, not a JsonException: refuse such a file here, clearly.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            System.Text.Unicode.Utf8.ToUtf16(json, new char[json.Length], out var valid, out _, replaceInvalidSequences: false);
            throw new RuleFileException($"{source}: not valid UTF-8 text (byte {valid + 1})");
        }
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 8 });
        var rules = new List<CustomRule>();
        // Ids are told apart without case, as the built-in ones: "w1" beside "W1" would read as the same rule.
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            if (!reader.Read()) throw new RuleFileException($"{source}: empty file: expected a JSON array of rules");
            var wrapped = reader.TokenType == JsonTokenType.StartObject;
            if (wrapped)
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("rules"u8))
                    throw new RuleFileException($"{source}: expected a JSON array of rules or {{\"rules\": [...]}}");
                reader.Read();
            }
            if (reader.TokenType != JsonTokenType.StartArray)
                throw new RuleFileException($"{source}: expected a JSON array of rules or {{\"rules\": [...]}}");
            // Invariant: the reader stands on the token before the next rule; each pass reads one whole rule object.
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var index = rules.Count;
                if (index >= MaxRules) throw new RuleFileException($"{source}: more than {MaxRules} rules");
                if (reader.TokenType != JsonTokenType.StartObject)
                    throw new RuleFileException($"{source}: rule #{index + 1}: expected an object, found {Describe(reader.TokenType)}");
                var raw = ReadRule(ref reader);
                var rule = Compile(raw, index, source, nowUnixSeconds);
                if (!ids.Add(rule.Rule.Id)) throw new RuleFileException($"{source}: rule '{rule.Rule.Id}' (#{index + 1}): duplicate id");
                rules.Add(rule);
            }
            if (wrapped && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                throw new RuleFileException($"{source}: unknown field '{reader.GetString()}' beside \"rules\"");
            while (reader.Read())
            {
                // A valid document has nothing after its end; the reader throws on any other value.
            }
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
            throw new RuleFileException($"{source}: not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {message}");
        }
        return new CustomRuleSet(rules);
    }

    /// <summary>The fields of one rule object as written, and the first problem met while reading them.</summary>
    private sealed class RawRule
    {
        public string? Id, Name, Severity, Description, Where, Window, GroupBy, Distinct;
        public List<string>? Keywords, Formats;
        public long? Threshold;
        public string? Problem;
        public readonly HashSet<string> Seen = new(StringComparer.Ordinal);
    }

    /// <summary>Reads the object the reader stands on (a StartObject) up to its EndObject.</summary>
    private static RawRule ReadRule(ref Utf8JsonReader reader)
    {
        var raw = new RawRule();
        // Invariant: each pass consumes one property name and its whole value.
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (!raw.Seen.Add(name))
            {
                raw.Problem ??= $"field '{name}' appears twice";
                reader.Skip();
                continue;
            }
            switch (name)
            {
                case "id": raw.Id = String(ref reader, name, raw); break;
                case "name": raw.Name = String(ref reader, name, raw); break;
                case "severity": raw.Severity = String(ref reader, name, raw); break;
                case "description": raw.Description = String(ref reader, name, raw); break;
                case "where": raw.Where = String(ref reader, name, raw); break;
                case "window": raw.Window = String(ref reader, name, raw); break;
                case "group_by": raw.GroupBy = String(ref reader, name, raw); break;
                case "distinct": raw.Distinct = String(ref reader, name, raw); break;
                case "keywords": raw.Keywords = Strings(ref reader, name, raw, allowSingle: false); break;
                case "format": raw.Formats = Strings(ref reader, name, raw, allowSingle: true); break;
                case "threshold":
                    // Any JSON spelling of a whole number counts: 1000, 1e3, 1000.0.
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var threshold) && threshold == decimal.Truncate(threshold)
                        && threshold is >= 1 and <= long.MaxValue) raw.Threshold = (long)threshold;
                    else
                    {
                        raw.Problem ??= "'threshold' must be a whole number of at least 1";
                        reader.Skip();
                    }
                    break;
                default:
                    raw.Problem ??= $"unknown field '{name}' (expected {string.Join(", ", s_fields)})";
                    reader.Skip();
                    break;
            }
        }
        return raw;
    }

    private static string? String(ref Utf8JsonReader reader, string name, RawRule raw)
    {
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        raw.Problem ??= $"'{name}' must be a string, not {Describe(reader.TokenType)}";
        reader.Skip();
        return null;
    }

    private static List<string>? Strings(ref Utf8JsonReader reader, string name, RawRule raw, bool allowSingle)
    {
        if (allowSingle && reader.TokenType == JsonTokenType.String) return [reader.GetString()!];
        var expected = allowSingle ? "a string or a list of strings" : "a list of strings";
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            raw.Problem ??= $"'{name}' must be {expected}, not {Describe(reader.TokenType)}";
            reader.Skip();
            return null;
        }
        var values = new List<string>();
        // Invariant: each pass consumes one element of the array.
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String) values.Add(reader.GetString()!);
            else
            {
                raw.Problem ??= $"'{name}' must be {expected}, found {Describe(reader.TokenType)} in it";
                reader.Skip();
            }
        }
        return values;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>Checks one rule and compiles its condition.</summary>
    private static CustomRule Compile(RawRule raw, int index, string source, long now)
    {
        var label = string.IsNullOrEmpty(raw.Id) ? $"rule #{index + 1}" : $"rule '{raw.Id}'";
        RuleFileException Fail(string problem, ExpressionException? inner = null) => new($"{source}: {label}: {problem}", inner);

        if (raw.Problem is { } problem) throw Fail(problem);
        if (string.IsNullOrEmpty(raw.Id)) throw Fail("missing 'id'");
        if (raw.Id.Length > MaxIdLength || !raw.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':'))
            throw Fail($"'id' must be 1 to {MaxIdLength} letters, digits, '_', '-', '.' or ':'");
        if (WebRules.All.Concat(Auth.AuthRules.All).Concat(CloudTrail.CloudTrailRules.All).Any(r => string.Equals(r.Id, raw.Id, StringComparison.OrdinalIgnoreCase))) throw Fail("'id' is the id of a built-in rule (ids are compared without case)");
        if (string.IsNullOrWhiteSpace(raw.Name)) throw Fail("missing 'name'");
        var severity = raw.Severity switch
        {
            "low" => Severity.Low,
            "medium" => Severity.Medium,
            "high" => Severity.High,
            "critical" => Severity.Critical,
            null => throw Fail("missing 'severity' (low, medium, high or critical)"),
            var other => throw Fail($"bad severity '{other}' (expected low, medium, high or critical)"),
        };
        if (raw.Where is null && raw.Keywords is null) throw Fail("needs a condition: 'where', 'keywords' or both");

        RecordFilter? where = null;
        if (raw.Where is not null)
        {
            try
            {
                where = RecordFilter.Compile(raw.Where, now);
            }
            catch (ExpressionException e)
            {
                throw Fail($"where: {e.Message}", e);
            }
        }

        SearchValues<string>? keywords = null;
        if (raw.Keywords is not null)
        {
            if (raw.Keywords.Count == 0) throw Fail("'keywords' is empty");
            if (raw.Keywords.Any(k => k.Length == 0)) throw Fail("'keywords' holds an empty string, which would match every line");
            // The line is widened byte for byte (Latin-1), so each keyword is too: its UTF-8 bytes match exactly.
            keywords = SearchValues.Create([.. raw.Keywords.Select(k => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(k)))], StringComparison.OrdinalIgnoreCase);
        }

        HashSet<LogFormat>? formats = null;
        if (raw.Formats is not null)
        {
            if (raw.Formats.Count == 0) throw Fail("'format' is empty");
            formats = [];
            foreach (var name in raw.Formats)
            {
                if (name == "access")
                {
                    formats.UnionWith(Enum.GetValues<LogFormat>().Where(f => f.IsAccessLog()));
                    continue;
                }
                var format = Enum.GetValues<LogFormat>().Where(f => f != LogFormat.Unknown).FirstOrDefault(f => f.ToString().ToLowerInvariant() == name);
                if (format == LogFormat.Unknown)
                    throw Fail($"unknown format '{name}' (expected access or one of {string.Join(", ", Enum.GetValues<LogFormat>().Where(f => f != LogFormat.Unknown).Select(f => f.ToString().ToLowerInvariant()))})");
                formats.Add(format);
            }
        }

        var groupBy = LogField.Ip;
        if (raw.GroupBy is not null) groupBy = Field(raw.GroupBy, "group_by", Fail);
        LogField? distinct = raw.Distinct is null ? null : Field(raw.Distinct, "distinct", Fail);

        long window = 0;
        if (raw.Threshold is not null && raw.Window is null) throw Fail("'threshold' needs a 'window' (e.g. \"5m\")");
        if (raw.Window is not null)
        {
            if (raw.Threshold is null) throw Fail("'window' needs a 'threshold'");
            window = WindowSeconds(raw.Window) ?? throw Fail($"bad window '{raw.Window}' (expected a whole number and s, m, h or d, from 1s to 366d, e.g. \"5m\")");
        }
        if (distinct is not null && raw.Threshold is null) throw Fail("'distinct' needs a 'threshold' and a 'window'");

        var condition = raw.Description ?? Describe(raw, groupBy);
        return new CustomRule
        {
            Rule = new DetectionRule(raw.Id, raw.Name, severity, condition, $"custom rule from {Path.GetFileName(source)}"),
            Where = where,
            Keywords = keywords,
            Formats = formats,
            GroupBy = groupBy,
            Threshold = raw.Threshold ?? 0,
            WindowSeconds = window,
            Distinct = distinct,
        };
    }

    private static LogField Field(string name, string option, Func<string, ExpressionException?, RuleFileException> fail)
        => FieldNames.Parse(name) ?? throw fail($"{option}: unknown field '{name}' (expected one of {string.Join(", ", FieldNames.Groupable)})", null);

    /// <summary>Seconds of a window such as <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>; null when malformed or out of range.</summary>
    public static long? WindowSeconds(string text)
    {
        if (text.Length < 2) return null;
        var unit = text[^1] switch { 's' => 1L, 'm' => 60L, 'h' => 3600L, 'd' => 86400L, _ => 0L };
        if (unit == 0 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)) return null;
        if (count < 1 || count > MaxWindowSeconds / unit) return null;
        return count * unit;
    }

    private static string Describe(RawRule raw, LogField groupBy)
    {
        var parts = new List<string>();
        if (raw.Where is not null) parts.Add($"where {raw.Where}");
        if (raw.Keywords is not null) parts.Add($"line contains any of {string.Join(", ", raw.Keywords.Select(k => $"'{k}'"))}");
        var text = string.Join(" and ", parts);
        var group = FieldNames.Info(groupBy).Name;
        if (raw.Threshold is { } n)
            text += raw.Distinct is { } d ? $"; ≥ {n} distinct {d} per {group} per {raw.Window}" : $"; ≥ {n} events per {group} per {raw.Window}";
        else text += $"; per event, by {group}";
        return text;
    }
}
