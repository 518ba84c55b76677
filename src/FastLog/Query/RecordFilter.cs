using FastLog.Columns;
using FastLog.Query.Literals;
using FastLog.Query.Predicates;

namespace FastLog.Query;

/// <summary>
/// A compiled record filter: the <c>--where</c> expression and the <c>--since</c> /
/// <c>--until</c> bounds, checked once; each worker asks for its own predicate tree.
/// </summary>
public sealed class RecordFilter
{
    private readonly PredicateFactory _create;

    private RecordFilter(PredicateFactory create, string description, byte[]? requiredLiteral = null)
    {
        _create = create;
        Description = description;
        // A literal with a LF can never be inside one line: no line could be skipped by it safely.
        RequiredLiteral = requiredLiteral is { Length: > 0 } l && l.AsSpan().IndexOf((byte)'\n') < 0 ? l : null;
    }

    /// <summary>The filter as an expression (for messages and tests).</summary>
    public string Description { get; }

    /// <summary>
    /// Bytes that the line of every record the filter keeps contains (e.g. <c>sqlmap</c> for
    /// <c>ua contains 'sqlmap'</c>, <c>" 404 </c> for <c>status == 404</c>), or null: lines
    /// without them can be skipped unparsed (<see cref="LiteralPrefilterParser"/>).
    /// </summary>
    public byte[]? RequiredLiteral { get; }

    /// <summary>Compiles a <c>--where</c> expression; relative times count back from <paramref name="nowUnixSeconds"/>.</summary>
    /// <exception cref="Syntax.ExpressionException">The expression does not parse or type-check.</exception>
    public static RecordFilter Compile(string expression, long nowUnixSeconds)
    {
        var (create, literal) = ExpressionCompiler.Compile(expression, nowUnixSeconds);
        return new RecordFilter(create, expression, literal);
    }

    /// <summary><c>ts &gt;= since</c> and <c>ts &lt; until</c> (either may be absent), to the nanosecond.</summary>
    public static RecordFilter TimeRange(Instant? since, Instant? until)
    {
        var description = $"ts >= {Describe(since, "-inf")} and ts < {Describe(until, "+inf")}";
        return new RecordFilter(TimeRangePredicate.Create(since ?? Instant.MinValue, until?.Previous() ?? Instant.MaxValue), description);
    }

    private static string Describe(Instant? at, string none)
        => at is not { } a ? none : a.Nanoseconds == 0 ? $"{a.Seconds}" : $"{a.Seconds}.{a.Nanoseconds:D9}";

    /// <summary>Both filters (the cheaper, given first, narrows the records the second sees).</summary>
    public static RecordFilter And(RecordFilter first, RecordFilter second)
        => new(s => new AndPredicate([first._create(s), second._create(s)]), $"({first.Description}) and ({second.Description})",
            (first.RequiredLiteral?.Length ?? 0) >= (second.RequiredLiteral?.Length ?? 0) ? first.RequiredLiteral : second.RequiredLiteral);

    /// <summary>A fresh predicate tree for one worker.</summary>
    public RecordPredicate CreatePredicate() => _create(new SelectionScratch());
}
