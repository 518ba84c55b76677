namespace FastLog.Cli;

/// <summary>One command-line flag.</summary>
/// <param name="Name">Long name.</param>
/// <param name="Alias">Short alias or null.</param>
/// <param name="TakesValue">True when a value follows.</param>
/// <param name="ValueName">Placeholder in help.</param>
/// <param name="Help">One line of help.</param>
/// <param name="OptionalValue">A switch that may carry a value after <c>=</c>, or as the next argument when that is one of <paramref name="Choices"/> (anything else there is an input).</param>
/// <param name="Repeatable">
/// A list: may be given several times and every occurrence counts (values joined with commas in
/// <see cref="CliArgs.Values"/>, each kept in <see cref="CliArgs.Repeated"/>). Any other flag
/// given twice with different values is a usage error.
/// </param>
/// <param name="Choices">For an <paramref name="OptionalValue"/> switch: the values the next argument may be taken as.</param>
public sealed record Flag(string Name, string? Alias, bool TakesValue, string ValueName, string Help, bool OptionalValue = false, bool Repeatable = false,
    string[]? Choices = null);

/// <summary>The single table of commands and flags: parsing and --help both read it.</summary>
public static class Flags
{
    /// <summary>The commands.</summary>
    public static readonly string[] Commands = [.. CommandRunner.Commands.Select(c => c.Name)];

    /// <summary>Every flag.</summary>
    public static readonly Flag[] All =
    [
        new("--format", null, true, "NAME", "input format (default: detected per input); 'fastlog formats' lists them"),
        new("--year", null, true, "YYYY", "syslog, auth: year of timestamps that carry none (default: from each file's modification time)"),
        new("--repeats", null, true, "MODE", "syslog, auth: expand (default: 'message repeated N times' counts N) | once (counts the line once)"),
        new("--field", null, true, "N=PATH,…", "jsonl: map fields to JSON paths, e.g. service=svc.name,latency=took_ms:ms,level=level (repeatable)", Repeatable: true),
        new("--log-format", null, true, "FMT", "custom: Apache/GoAccess-style format, e.g. '%h %l %u %t \"%r\" %>s %b'"),
        new("--threads", null, true, "N", "worker threads (default: all cores)"),
        new("--io", null, true, "MODE", "auto | mmap | read (default auto: map rotated, hour-idle or read-only-mounted files, read the rest; mmap is unsafe if a file shrinks while read)"),
        new("--output", null, true, "FMT", "table | json | csv (default table); analyze: html, or csv | parquet -o DIR (a file per report table); filter: raw | jsonl | csv | parquet (default raw); detect: table | json | jsonl | html"),
        new("-o", "--out", true, "PATH", "write to PATH (via a temporary file renamed at the end) instead of stdout"),
        new("--top", "-n", true, "N", "rows per top table (default 10; count --by: all)"),
        new("--by", null, true, "F1,F2", "count, stats: group by these fields (repeatable)", Repeatable: true),
        new("--where", null, true, "EXPR", "only records matching EXPR, e.g. 'status >= 500 and path startswith \"/api/\"' (see README)"),
        new("--since", null, true, "TIME", "only records at or after TIME: 2024-03-01T10:00:00Z, 2024-03-01 (UTC midnight), -2h (before now)"),
        new("--until", null, true, "TIME", "only records before TIME (same forms as --since)"),
        new("--fields", null, true, "F1,F2", "filter: print these fields as jsonl, csv or parquet instead of raw lines; convert: the columns (default: the inputs' fields); repeatable", Repeatable: true),
        new("--to", null, true, "FMT", "convert: parquet | csv | jsonl"),
        new("--lines", null, true, "N", "generate: write exactly N lines"),
        new("--size", null, true, "SIZE", "generate: stop at the first line end at or past SIZE bytes (e.g. 500M, 1G)"),
        new("--seed", null, true, "S", "generate: random seed (default 1); the same seed gives the same bytes"),
        new("--attacks", null, true, "SET", "generate: default (inject attack scenarios) | none"),
        new("--clients", null, true, "N", "generate (web formats): exactly N distinct client addresses, Zipf-skewed, no one-off visitors"),
        new("--paths", null, true, "N", "generate (web formats): N distinct request targets in the pool (default 20000)"),
        new("--agents", null, true, "N", "generate (web formats): N user agents (the named ones plus generated browser versions)"),
        new("--id-paths", null, true, "FRACTION", "generate (web formats): share of requests whose path carries a fresh numeric id (1 = every path distinct)"),
        new("--truth", null, true, "PATH", "generate: write the injected scenarios as JSON to PATH"),
        new("--samples", null, true, "DIR", "generate: write the committed sample logs (data/samples) under DIR instead"),
        new("--fail-on-findings", null, false, "[=SEVERITY]", "detect, analyze --detect: exit 4 when a finding at or above SEVERITY (low, medium, high, critical; default low) exists", OptionalValue: true,
            Choices: ["low", "medium", "high", "critical"]),
        new("--internal", null, true, "CIDR,…", "detect, analyze --detect: networks to treat as internal, besides RFC 1918, loopback, link-local, CGNAT and IPv6 ULA (repeatable)", Repeatable: true),
        new("--rules", null, true, "FILE", "detect, analyze --detect: also run the custom rules of a JSON file (see docs/custom-rules.md; repeatable)", Repeatable: true),
        new("--rule-option", null, true, "KEY=V,…", "detect, analyze --detect: set a threshold or window of a built-in rule, e.g. W9.count=20,W9.window=10m (repeatable; detect --help lists the keys)",
            Repeatable: true),
        new("--geoip", null, true, "FILE.mmdb,…", "detect, analyze --detect: add country and AS of source addresses from MaxMind DB files (GeoLite2-Country/City, GeoLite2-ASN; repeatable)", Repeatable: true),
        new("--detect", null, false, "", "analyze: add the Security section (the rules of detect; costs ~1.25x the time, see README)"),
        new("--ascii", null, false, "", "analyze on a terminal: draw bars with '#' instead of block characters (also when the locale is not UTF-8)"),
        new("--quiet", "-q", false, "", "no progress line on stderr (it is drawn only when stderr is a terminal)"),
        new("--timings", null, false, "", "print to stderr how long each stage took: plan, parse+aggregate (and per thread), merge, report"),
        new("--stable", null, false, "", "leave run-dependent figures (time, throughput, threads, io, scanner) out of the report"),
        new("--chunk-size", null, true, "BYTES", "split regular files every BYTES (testing; default chosen from size and threads)"),
        new("--max-keys", null, true, "N", "memory budget: distinct keys per table before it degrades to approximate (default 4194304)"),
        new("--partial", null, true, "FILE", "analyze, detect, top, count, stats, merge: write the run's mergeable state to FILE instead of a report (see docs/partials.md)"),
        new("--shard", null, true, "I/N", "with --partial: read only shard I (0 to N-1) of each file, as one run's chunks cut it; merge joins the N partials exactly (docs/partials.md)"),
        new("--expect", null, true, "N", "merge: refuse unless the partials cover exactly N inputs (a missing shard)"),
        new("--follow", "-F", false, "", "filter, detect, count, top, stats, analyze: keep reading the files and directories as they grow, tail -F style (docs/follow.md)"),
        new("--from", null, true, "WHERE", "--follow: start (default: read what the files hold, then follow) | end (only what is appended)"),
        new("--partial-line-timeout", null, true, "DURATION", "--follow: hand on an unterminated last line once its file was idle this long (default 1s)"),
        new("--interval", null, true, "DURATION", "--follow: reprint the count, top, stats table or analyze report every DURATION (default 2s)"),
        new("--line-buffered", null, false, "", "filter --follow: write each match out at once even when standard output is not a terminal"),
        new("--poll", null, true, "DURATION", "--follow: look for changes every DURATION instead of with inotify (NFS, SMB, FUSE mounts)"),
        new("--manifest", null, true, "FILE", "merge: refuse unless the partials cover exactly the inputs FILE lists, one per line (names the missing ones)"),
        new("--state", null, true, "FILE", "--follow: checkpoint of every followed file's offset, written every --interval and on exit; a restart resumes there"),
        new("--help", "-h", false, "", "show help"),
        new("--version", "-V", false, "", "show version and the scanner in use"),
    ];

    /// <summary>The flag named <paramref name="name"/> (long or alias), or null.</summary>
    public static Flag? Find(string name)
    {
        foreach (var f in All)
            if (f.Name == name || f.Alias == name) return f;
        return null;
    }
}
