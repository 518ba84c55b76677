using System.Text;
using FastLog.Columns;

namespace FastLog.Formats.Custom;

/// <summary>What a field step of a <see cref="CustomPlan"/> reads.</summary>
public enum CustomFieldKind : byte
{
    /// <summary>Not a field: the step is a literal.</summary>
    Literal,
    /// <summary>Read and dropped (<c>%l</c>, <c>%^</c>, <c>%O</c>, other headers).</summary>
    Skip,
    /// <summary><c>%h</c>, <c>%a</c>: ip.</summary>
    Ip,
    /// <summary><c>%u</c>: user.</summary>
    User,
    /// <summary><c>%t</c>: <c>[dd/Mon/yyyy:HH:MM:SS ±zzzz]</c> (fixed width).</summary>
    Time,
    /// <summary><c>%r</c>: request line.</summary>
    Request,
    /// <summary><c>%s</c>, <c>%&gt;s</c>, <c>%&lt;s</c>: status.</summary>
    Status,
    /// <summary><c>%b</c>, <c>%B</c>: response bytes (<c>-</c> is null).</summary>
    Bytes,
    /// <summary><c>%{Referer}i</c>.</summary>
    Referer,
    /// <summary><c>%{User-agent}i</c>.</summary>
    UserAgent,
    /// <summary><c>%D</c>, <c>%{us}T</c>: request time in microseconds.</summary>
    Micros,
    /// <summary><c>%{ms}T</c>: request time in milliseconds.</summary>
    Millis,
    /// <summary><c>%T</c>, <c>%{s}T</c>: request time in seconds, fraction allowed.</summary>
    Seconds,
    /// <summary><c>%v</c>, <c>%V</c>: vhost.</summary>
    Vhost,
    /// <summary><c>%U</c>: path.</summary>
    Path,
    /// <summary><c>%q</c>: query, with its <c>?</c> (dropped) or empty.</summary>
    Query,
    /// <summary><c>%U%q</c> (Apache's way to log the target): path up to the first <c>?</c>, query after it.</summary>
    PathQuery,
    /// <summary><c>%m</c>: method.</summary>
    Method,
    /// <summary><c>%H</c>: protocol.</summary>
    Protocol,
    /// <summary><c>%{remote}p</c>: the client's port.</summary>
    ClientPort,
    /// <summary><c>%p</c>, <c>%{canonical}p</c>, <c>%{local}p</c>: the server's port, into <c>port</c> when no client port is read.</summary>
    ServerPort,
    /// <summary><c>%I</c>: bytes received.</summary>
    ReceivedBytes,
    /// <summary><c>%{sec}t</c>: the request time as Unix seconds, a fraction allowed (nginx <c>$msec</c> is <c>1700000000.123</c>).</summary>
    EpochSeconds,
    /// <summary><c>%{msec}t</c>: Unix milliseconds (Apache), or seconds with a fraction when written with a dot (nginx <c>$msec</c>).</summary>
    EpochMillis,
    /// <summary><c>%{usec}t</c>: Unix microseconds.</summary>
    EpochMicros,
}

/// <summary>One step: a literal to match, or a field and the literal that ends it.</summary>
/// <param name="Kind">The field read, or <see cref="CustomFieldKind.Literal"/>.</param>
/// <param name="Literal">The literal's bytes; for a field, the next step's literal (its terminator), or null when the field ends the format or is fixed width.</param>
public readonly record struct CustomStep(CustomFieldKind Kind, byte[]? Literal);

/// <summary>
/// A <c>--log-format</c> string (Apache <c>mod_log_config</c> / GoAccess specifiers) compiled once
/// into steps: literals to match and fields each ended by the literal that follows it.
/// </summary>
/// <remarks>
/// Specifiers: <c>%h %a %l %u %t %r %s %&gt;s %&lt;s %b %B %D %T %v %V %U %q %m %H %p %I %O %^ %%</c>
/// (<c>%U%q</c> together is the target, split at its <c>?</c>),
/// <c>%{Referer}i</c>, <c>%{User-agent}i</c> (any other <c>%{…}i</c>, <c>%{…}o</c>, <c>%{…}e</c>,
/// <c>%{…}n</c>, <c>%{…}C</c> is skipped), <c>%{remote}p</c> (port), <c>%{ms}T</c>, <c>%{us}T</c>,
/// <c>%{s}T</c>, <c>%{sec}t</c>, <c>%{msec}t</c>, <c>%{usec}t</c> (Unix time, kept to the microsecond).
/// <c>%t</c> is the Apache bracketed timestamp; it or a Unix time is required (every record has a
/// ts). Two fields must be separated by a literal, except after the fixed-width <c>%t</c>, and a
/// field opened by a quote must be closed by one.
/// </remarks>
public sealed class CustomPlan
{
    /// <summary>Bound on the specification's length (a format string, not a log).</summary>
    public const int MaxLength = 4096;

    private CustomPlan(CustomStep[] steps) => Steps = steps;

    /// <summary>The steps in line order.</summary>
    public IReadOnlyList<CustomStep> Steps { get; }

    /// <summary>True when a step reads <paramref name="kind"/>.</summary>
    public bool Reads(CustomFieldKind kind) => Steps.Any(s => s.Kind == kind);

    /// <summary>
    /// Compiles <paramref name="format"/>; throws <see cref="FormatException"/> naming the bad
    /// specifier and its 1-based position for an unknown specifier, a dangling <c>%</c>, an
    /// unclosed <c>%{</c>, two fields without a literal between them, or a format without <c>%t</c>.
    /// </summary>
    public static CustomPlan Compile(string format)
    {
        if (format.Length == 0) throw new FormatException("--log-format is empty");
        if (format.Length > MaxLength) throw new FormatException($"--log-format is longer than {MaxLength} characters");
        var kinds = new List<(CustomFieldKind Kind, string Literal, int Position)>();
        var literal = new StringBuilder();
        var i = 0;
        // Invariant: format[0, i) is compiled into kinds plus the pending literal.
        while (i < format.Length)
        {
            var c = format[i];
            if (c != '%')
            {
                literal.Append(c);
                i++;
                continue;
            }
            var position = i + 1;
            if (i + 1 >= format.Length) throw new FormatException($"--log-format: '%' at position {position} ends the format without a specifier");
            string? argument = null;
            var j = i + 1;
            if (format[j] == '{')
            {
                var close = format.IndexOf('}', j);
                if (close < 0) throw new FormatException($"--log-format: '%{{' at position {position} has no closing '}}'");
                argument = format[(j + 1)..close];
                j = close + 1;
            }
            else if (format[j] is '>' or '<')
            {
                j++;
            }
            if (j >= format.Length) throw new FormatException($"--log-format: '{format[i..]}' at position {position} has no specifier letter");
            var letter = format[j];
            var specifier = format[i..(j + 1)];
            i = j + 1;
            if (letter == '%' && argument is null && specifier == "%%")
            {
                literal.Append('%');
                continue;
            }
            var kind = Classify(letter, argument) ?? throw new FormatException($"--log-format: unknown specifier '{specifier}' at position {position}");
            if (kind == CustomFieldKind.Query && literal.Length == 0 && kinds.Count > 0 && kinds[^1].Kind == CustomFieldKind.Path)
            {
                // %U%q: the query carries its own '?', which separates the two.
                kinds[^1] = (CustomFieldKind.PathQuery, "", kinds[^1].Position);
                continue;
            }
            if (literal.Length > 0)
            {
                kinds.Add((CustomFieldKind.Literal, literal.ToString(), 0));
                literal.Clear();
            }
            else if (kinds.Count > 0 && kinds[^1].Kind is not CustomFieldKind.Literal and not CustomFieldKind.Time)
            {
                throw new FormatException($"--log-format: specifier '{specifier}' at position {position} follows another field with no separator between them");
            }
            kinds.Add((kind, "", position));
        }
        if (literal.Length > 0) kinds.Add((CustomFieldKind.Literal, literal.ToString(), 0));
        CheckQuotes(kinds);
        if (!kinds.Any(k => IsTime(k.Kind)))
            throw new FormatException("--log-format: needs %t (the request time, [dd/Mon/yyyy:HH:MM:SS ±zzzz]) or %{sec}t, %{msec}t, %{usec}t (Unix time)");

        var steps = new CustomStep[kinds.Count];
        for (var k = 0; k < kinds.Count; k++)
        {
            var (kind, text, _) = kinds[k];
            if (kind == CustomFieldKind.Literal)
                steps[k] = new CustomStep(kind, Encoding.UTF8.GetBytes(text));
            else
                steps[k] = new CustomStep(kind, kind != CustomFieldKind.Time && k + 1 < kinds.Count ? Encoding.UTF8.GetBytes(kinds[k + 1].Literal) : null);
        }
        return new CustomPlan(steps);
    }

    /// <summary>
    /// The quotes of the literals must pair up: a field opened by a quote (<c>"%r</c>) and never
    /// closed would run to the next literal anywhere on the line, swallowing the fields after it.
    /// </summary>
    /// <summary>Whether <paramref name="kind"/> gives the record's ts.</summary>
    public static bool IsTime(CustomFieldKind kind) => kind is CustomFieldKind.Time or CustomFieldKind.EpochSeconds or CustomFieldKind.EpochMillis or CustomFieldKind.EpochMicros;

    private static void CheckQuotes(List<(CustomFieldKind Kind, string Literal, int Position)> kinds)
    {
        var open = false;
        var openedBefore = -1;
        for (var k = 0; k < kinds.Count; k++)
        {
            if (kinds[k].Kind != CustomFieldKind.Literal)
            {
                if (open && openedBefore < 0) openedBefore = kinds[k].Position;
                continue;
            }
            foreach (var c in kinds[k].Literal)
            {
                if (c != '"') continue;
                open = !open;
                openedBefore = -1;
            }
        }
        if (open)
            throw new FormatException($"--log-format: the quote before the specifier at position {openedBefore} is not closed (write \"%…\")");
    }

    private static CustomFieldKind? Classify(char letter, string? argument) => (letter, argument?.ToLowerInvariant()) switch
    {
        ('h' or 'a', null) => CustomFieldKind.Ip,
        ('l', null) or ('^', null) or ('O', null) => CustomFieldKind.Skip,
        ('u', null) => CustomFieldKind.User,
        ('t', null) => CustomFieldKind.Time,
        ('t', "sec") => CustomFieldKind.EpochSeconds,
        ('t', "msec") => CustomFieldKind.EpochMillis,
        ('t', "usec") => CustomFieldKind.EpochMicros,
        ('r', null) => CustomFieldKind.Request,
        ('s', null) => CustomFieldKind.Status,
        ('b' or 'B', null) => CustomFieldKind.Bytes,
        ('i', "referer") => CustomFieldKind.Referer,
        ('i', "user-agent") => CustomFieldKind.UserAgent,
        ('i' or 'o' or 'e' or 'n' or 'C', { Length: > 0 }) => CustomFieldKind.Skip,
        ('D', null) or ('T', "us") => CustomFieldKind.Micros,
        ('T', "ms") => CustomFieldKind.Millis,
        ('T', null or "s") => CustomFieldKind.Seconds,
        ('v' or 'V', null) => CustomFieldKind.Vhost,
        ('U', null) => CustomFieldKind.Path,
        ('q', null) => CustomFieldKind.Query,
        ('m', null) => CustomFieldKind.Method,
        ('H', null) => CustomFieldKind.Protocol,
        ('p', "remote") => CustomFieldKind.ClientPort,
        ('p', null or "canonical" or "local") => CustomFieldKind.ServerPort,
        ('I', null) => CustomFieldKind.ReceivedBytes,
        _ => null,
    };
}
