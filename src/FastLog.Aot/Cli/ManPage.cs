using System.Text;

namespace FastLog.Cli;

/// <summary>
/// <c>fastlog man</c>: the fastlog(1) page in roff, built from the same sources as --help: each
/// command's section is its <c>fastlog COMMAND --help</c> text, the options are <see cref="Flags.All"/>,
/// the exit status is <see cref="HelpText.ExitCodes"/>, so an option added to the table appears in both.
/// </summary>
public static class ManPage
{
    /// <summary><c>fastlog man</c>: prints <see cref="Text"/>.</summary>
    public sealed class Command : ICommand
    {
        /// <inheritdoc/>
        public string Name => CommandName.Man;

        /// <summary>None read; any given is ignored.</summary>
        public IReadOnlyCollection<string>? FlagNames => null;

        /// <inheritdoc/>
        public int Run(CliArgs args, IConsole console)
        {
            FastLogApp.Write(console, Text());
            return 0;
        }
    }

    /// <summary>
    /// Command lines shown under EXAMPLES, each with what it does; <c>access.log</c> and
    /// <c>/var/log/nginx/</c> stand for the reader's own logs (the tests run every line on the samples).
    /// </summary>
    public static readonly (string Command, string Meaning)[] Examples =
    [
        ("fastlog access.log", "the full report of one log (the same as fastlog analyze access.log)"),
        ("fastlog top ip /var/log/nginx/ -n 20", "the 20 busiest client addresses over every file of a directory, .gz files included"),
        ("fastlog count --by status,method --output csv access.log", "records per status and method, as CSV"),
        ("fastlog filter --where 'status >= 500' --fields ts,ip,path --output jsonl access.log", "the server errors as JSON lines"),
        ("fastlog stats request_time --by path access.log", "latency percentiles per path"),
        ("fastlog detect --output jsonl --fail-on-findings=high access.log", "security findings as ECS JSON lines; exit 4 when a high or critical one exists"),
        ("zcat access.log.1.gz | fastlog analyze --output json -", "a report of standard input as JSON"),
        ("fastlog completion bash > /etc/bash_completion.d/fastlog", "install the bash completion"),
    ];

    /// <summary>The page, dated and versioned by the build (reproducible with SOURCE_DATE_EPOCH).</summary>
    public static string Text()
    {
        var general = HelpText.For(null);
        var sb = new StringBuilder();
        sb.Append($".TH FASTLOG 1 \"{BuildInfo.Date}\" \"fastlog {CommandRunner.Version}\" \"User Commands\"\n");
        // No hyphenation and no justification: option names and field lists must stay whole.
        sb.Append(".nh\n.ad l\n");
        sb.Append(".SH NAME\n");
        var tagline = general[..general.IndexOf('\n')];
        sb.Append(Escape(tagline.Replace("fastlog: ", "fastlog - ", StringComparison.Ordinal))).Append('\n');
        sb.Append(".SH SYNOPSIS\n");
        sb.Append(".B fastlog\n.I COMMAND\n[\\fIINPUT\\fR...] [\\fIoptions\\fR]\n.br\n");
        sb.Append(".B fastlog\n\\fIFILE\\fR... [\\fIoptions\\fR]\n.br\n");
        sb.Append(".B fastlog\n\\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR\n");
        sb.Append(".SH DESCRIPTION\n");
        sb.Append(Escape("fastlog reads web access logs (Common, Combined, nginx, W3C, ALB), auth and syslog files, CloudTrail, "
            + "GitHub audit and JSON lines, plain or gzip-compressed, and reports traffic statistics, top values, groups, "
            + "percentiles and security findings. "
            + $"When the first argument is an existing file or directory (or - for standard input) rather than a command, "
            + $"fastlog runs {CliArgs.ImplicitCommand} on the arguments; a name that is both a command and a file is the command "
            + "(write ./NAME or -- NAME for the file).")).Append('\n');
        sb.Append(".SH COMMANDS\n");
        foreach (var command in Flags.Commands)
        {
            sb.Append(".SS ").Append(command).Append('\n');
            var help = HelpText.For(command);
            var end = help.IndexOf(HelpText.GlossaryStart, StringComparison.Ordinal);
            AppendBlock(sb, end < 0 ? help : help[..end]);
        }
        sb.Append(".SH INPUT, FIELDS AND EXPRESSIONS\n");
        var glossaryStart = general.IndexOf(HelpText.GlossaryStart, StringComparison.Ordinal) + 1;
        var glossaryEnd = general.IndexOf(HelpText.OptionsStart, glossaryStart, StringComparison.Ordinal);
        AppendGlossary(sb, general[glossaryStart..glossaryEnd]);
        sb.Append(".SH OPTIONS\n");
        foreach (var flag in Flags.All)
        {
            sb.Append(".TP\n").Append("\\fB").Append(Escape(flag.Name)).Append("\\fR");
            if (flag.Alias is not null) sb.Append(", \\fB").Append(Escape(flag.Alias)).Append("\\fR");
            if (flag.ValueName.Length > 0) sb.Append(flag.TakesValue ? " " : "").Append("\\fI").Append(Escape(flag.ValueName)).Append("\\fR");
            sb.Append('\n').Append(Escape(flag.Help)).Append('\n');
        }
        sb.Append(".SH EXIT STATUS\n");
        foreach (var (code, meaning) in HelpText.ExitCodes)
            sb.Append(".TP\n.B ").Append(Escape(code)).Append('\n').Append(Escape(meaning)).Append('\n');
        sb.Append(".SH ENVIRONMENT\n.TP\n.B FASTLOG_SCANNER\n")
            .Append(Escape("scalar, v128 or v256: force a structural scanner (tests, benchmarks); fastlog --version shows the one in use.")).Append('\n');
        sb.Append(".SH EXAMPLES\n");
        foreach (var (command, meaning) in Examples)
            sb.Append(".TP\n.B ").Append(Escape(command)).Append('\n').Append(Escape(meaning)).Append('\n');
        sb.Append(".SH SEE ALSO\n").Append(Escape("fastlog COMMAND --help; fastlog formats; the README.md installed beside the binary.")).Append('\n');
        return sb.ToString();
    }

    /// <summary>A command's help: usage lines and indented tables unfilled, prose filled into paragraphs.</summary>
    private static void AppendBlock(StringBuilder sb, string text)
    {
        var unfilled = false;
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            var keepLayout = line.StartsWith("usage: ", StringComparison.Ordinal) || line.StartsWith("  ", StringComparison.Ordinal);
            if (line.Length == 0)
            {
                if (unfilled) sb.Append(".fi\n");
                unfilled = false;
                sb.Append(".PP\n");
                continue;
            }
            if (keepLayout != unfilled) sb.Append(keepLayout ? ".nf\n" : ".fi\n");
            unfilled = keepLayout;
            sb.Append(Escape(line.StartsWith("usage: ", StringComparison.Ordinal) ? line["usage: ".Length..] : line)).Append('\n');
        }
        if (unfilled) sb.Append(".fi\n");
    }

    /// <summary>"NAME: text" lines become tagged paragraphs; indented continuation lines stay on lines of their own.</summary>
    private static void AppendGlossary(StringBuilder sb, string text)
    {
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (line.Length > 0 && line[0] != ' ' && colon > 0)
                sb.Append(".TP\n.B ").Append(Escape(line[..colon])).Append('\n').Append(Escape(line[(colon + 2)..])).Append('\n');
            else if (line.Length > 0)
                sb.Append(".br\n").Append(Escape(line.Trim())).Append('\n');
        }
    }

    /// <summary>
    /// Text safe for roff: backslashes written as \e, hyphens as \- (so options copy as ASCII
    /// minus), and a leading . or ' (a request) guarded by \&amp;.
    /// </summary>
    public static string Escape(string text)
    {
        var escaped = text.Replace("\\", "\\e", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal);
        return escaped.StartsWith('.') || escaped.StartsWith('\'') ? "\\&" + escaped : escaped;
    }
}
