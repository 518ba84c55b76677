using System.Text;
using FastLog.Columns;

namespace FastLog.Cli;

/// <summary>The --help texts, built from <see cref="Flags"/>.</summary>
public static class HelpText
{
    /// <summary>Where the part common to every help text starts (the man page splits there).</summary>
    public const string GlossaryStart = "\nINPUT:";

    /// <summary>Where the options list starts.</summary>
    public const string OptionsStart = "\noptions:\n";

    /// <summary>The exit codes with their meaning, for --help and the man page's EXIT STATUS.</summary>
    public static readonly (string Code, string Meaning)[] ExitCodes =
    [
        ("0", "done"),
        ("1", "runtime failure (input unreadable or changed, write failed)"),
        ("2", "usage error"),
        ("4", "--fail-on-findings: a finding at or above the severity exists (the output is complete)"),
        ("129, 130, 143", "ended by SIGHUP, SIGINT or SIGTERM (a temporary -o file is removed)"),
    ];

    /// <summary>The <c>--rule-option</c> keys, their defaults and what they set (README names each default's public source).</summary>
    private static void RuleOptionHelp(StringBuilder sb)
    {
        sb.Append("\n--rule-option KEY=VALUE[,KEY=VALUE…] (default shown; windows as 30s, 5m, 1h or seconds, up to 366 days):\n");
        foreach (var key in RuleOptionKeys.All)
            sb.Append("  ").Append($"{key.Name}={key.DefaultText}".PadRight(22)).Append(' ').Append(key.Meaning).Append('\n');
    }

    /// <summary>Help for <paramref name="command"/>, or the general help when null.</summary>
    public static string For(string? command)
    {
        var sb = new StringBuilder();
        switch (command)
        {
            case CommandName.Filter:
                sb.Append("usage: fastlog filter [INPUT...] [--where EXPR] [--fields F1,F2 [--output jsonl|csv|parquet]] [options]\n\n");
                sb.Append("Prints the matching records in input order: the original lines (escaped only on a terminal),\n");
                sb.Append("or the chosen fields as JSON lines, CSV or Parquet (see convert --help for the Parquet types).\n");
                break;
            case CommandName.Convert:
                sb.Append("usage: fastlog convert [INPUT...] --to parquet|csv|jsonl [-o PATH] [--fields F1,F2] [--where EXPR] [options]\n\n");
                sb.Append("Writes the parsed columns of every record, in input order, for DuckDB, Spark, pandas or a spreadsheet.\n");
                sb.Append("Default columns: the fields of the inputs' formats (nulls where a format lacks one) and ts.\n");
                sb.Append("Parquet: ts is TIMESTAMP(MICROS, UTC); durations are int64 microseconds (metadata fastlog.duration_unit);\n");
                sb.Append("status int32, other integers int64, text and event names strings; log_format names each record's format.\n");
                sb.Append("Without -o, parquet is refused on a terminal. fastlog reads the file back with --format parquet (or detects it).\n");
                break;
            case CommandName.Stats:
                sb.Append("usage: fastlog stats FIELD [INPUT...] [--by F1,F2] [options]\n\n");
                sb.Append("count, min, mean, p50, p90, p95, p99 and max of status, bytes or request_time (seconds),\n");
                sb.Append("overall or per group; percentiles of bytes and request_time within 1 %.\n");
                break;
            case CommandName.Analyze:
                sb.Append("usage: fastlog analyze [INPUT...] [options]\n\n");
                sb.Append("Full report for access logs: overview, traffic, performance, errors, anomalies; --detect adds the security findings.\n");
                break;
            case CommandName.Top:
                sb.Append("usage: fastlog top FIELD [INPUT...] [-n N] [options]\n\n");
                sb.Append("Top values of FIELD with counts, by count descending then value ascending (bytewise).\n");
                break;
            case CommandName.Count:
                sb.Append("usage: fastlog count [INPUT...] [--by F1,F2] [options]\n\n");
                sb.Append("Number of parsed records, or records per group of field values.\n");
                break;
            case CommandName.Merge:
                sb.Append("usage: fastlog merge PARTIAL... [--expect N | --manifest FILE] [--output FMT] [--top N] [--stable] [-o PATH | --partial FILE]\n\n");
                sb.Append("Prints the report one run over all the partials' inputs would print (byte for byte with --stable), from partials\n");
                sb.Append("written by --partial; refuses duplicates, mixed options or versions, corrupt files and, with --expect or --manifest, a missing shard.\n");
                break;
            case CommandName.Detect:
                sb.Append("usage: fastlog detect [INPUT...] [--output table|jsonl|json] [options]\n\n");
                sb.Append("Security findings of the web (W1-W12), auth (L1-L6) and CloudTrail (C1-C13) rules (docs/detections.md); jsonl uses Elastic Common Schema names.\n");
                RuleOptionHelp(sb);
                break;
            case CommandName.Generate:
                sb.Append("usage: fastlog generate [--format F] (--lines N | --size SIZE) [--seed S] [--attacks default|none] [--truth PATH] [-o PATH]\n");
                sb.Append("       cardinality (web formats): [--clients N] [--paths N] [--agents N] [--id-paths FRACTION]\n");
                sb.Append("       fastlog generate --samples DIR\n\n");
                sb.Append("Realistic synthetic logs (common, combined, nginx, auth, cloudtrail, github, syslog, w3c, alb; default combined) with injected attacks,\n");
                sb.Append("byte-identical for the same seed and options whatever the thread count.\n");
                sb.Append("w3c and alb carry the web scenarios of the access logs; github and syslog have none. syslog is RFC 3164 as in\n");
                sb.Append("/var/log/syslog, with 2 % RFC 5424 lines relayed verbatim from other hosts.\n");
                break;
            case CommandName.Formats:
                sb.Append("usage: fastlog formats\n\n");
                sb.Append("Lists every input format with its fields and their types.\n");
                break;
            case CommandName.Completion:
                sb.Append("usage: fastlog completion bash|zsh|fish\n\n");
                sb.Append("Prints a shell completion script: commands, options, field names (top, stats, --by, --fields) and formats (--format).\n");
                sb.Append("  bash: fastlog completion bash > /etc/bash_completion.d/fastlog (or: source <(fastlog completion bash) in ~/.bashrc)\n");
                sb.Append("  zsh:  fastlog completion zsh > \"${fpath[1]}/_fastlog\"\n");
                sb.Append("  fish: fastlog completion fish > ~/.config/fish/completions/fastlog.fish\n");
                break;
            case CommandName.Man:
                sb.Append("usage: fastlog man\n\n");
                sb.Append("Prints the fastlog(1) manual page (roff): fastlog man | man -l -\n");
                break;
            default:
                sb.Append("fastlog: parse huge logs at memory speed into traffic statistics.\n\n");
                sb.Append("usage: fastlog COMMAND [INPUT...] [options]\n\n");
                sb.Append("commands:\n");
                sb.Append("  analyze        full report (overview, traffic, performance, errors, anomalies; --detect: security)\n");
                sb.Append("  top FIELD      top values of a field with counts and share\n");
                sb.Append("  filter         matching records: raw lines, or --fields as jsonl/csv\n");
                sb.Append("  stats FIELD    count, min, mean, percentiles, max of a numeric field\n");
                sb.Append("  count          number of records, optionally --by F1,F2\n");
                sb.Append("  convert        parsed records to --to parquet|csv|jsonl (-o PATH)\n");
                sb.Append("  detect         security findings (web, auth, CloudTrail rules), table or ECS jsonl\n");
                sb.Append("  generate       synthetic logs with injected attacks (--lines N | --size 1G, --seed S)\n");
                sb.Append("  formats        the formats, their fields and types\n");
                sb.Append("  merge PARTIAL  one report from the --partial files of several runs (see docs/partials.md)\n");
                sb.Append("  completion SH  shell completion script for bash, zsh or fish\n");
                sb.Append("  man            the manual page (fastlog man | man -l -)\n\n");
                sb.Append("fastlog COMMAND --help shows a command's usage. fastlog FILE... is fastlog analyze FILE...\n");
                break;
        }
        sb.Append("\nINPUT: files, directories (their regular files), .gz files, or - for stdin (the default).\n");
        sb.Append("FIELD: ").Append(string.Join(", ", FieldNames.Groupable)).Append('\n');
        sb.Append("EXPR: status >= 500 and path startswith '/api/' and not ip in 10.0.0.0/8 and ua icontains 'bot'\n");
        sb.Append("      == != < <= > >=  contains startswith endswith (i…: ASCII case-insensitive)  ~ !~ (regex)\n");
        sb.Append("      in CIDR | [a, b] | @FILE   and or not ( )   field == null   ts >= 2024-03-01T10:00:00Z\n");
        sb.Append("\noptions:\n");
        foreach (var f in Flags.All)
        {
            var names = f.Alias is null ? f.Name : $"{f.Name}, {f.Alias}";
            if (f.TakesValue) names += " " + f.ValueName;
            sb.Append("  ").Append(names.PadRight(24)).Append(' ').Append(f.Help).Append('\n');
        }
        sb.Append("\nexit codes: ").AppendJoin("; ", ExitCodes.Select(e => $"{e.Code} {e.Meaning}")).Append(".\n");
        return sb.ToString();
    }
}
