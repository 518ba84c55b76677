using System.Text;
using System.Text.RegularExpressions;
using FastLog.Columns;
using FastLog.Query.Literals;
using FastLog.Query.Predicates;
using FastLog.Query.Syntax;

namespace FastLog.Query;

/// <summary>
/// Parses a <c>--where</c> expression, checks it against the field schema and compiles it, once,
/// into a factory of <see cref="RecordPredicate"/> trees (one tree per worker).
/// </summary>
/// <remarks>
/// <code>
/// expr    := and ( 'or' and )*
/// and     := unary ( 'and' unary )*
/// unary   := 'not' unary | '(' expr ')' | test
/// test    := FIELD ( '==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=' ) value
///          | FIELD ( '~' | '!~' ) STRING
///          | FIELD [ 'not' ] ( 'contains' | 'startswith' | 'endswith'
///                            | 'icontains' | 'istartswith' | 'iendswith' ) value
///          | FIELD [ 'not' ] 'in' ( value | '[' value ( ',' value )* ']' | '@' FILE )
/// value   := WORD | STRING | 'null'
/// </code>
/// Keywords are case-insensitive; field names are not. <c>(</c> and <c>not</c> nest at most
/// <see cref="MaxDepth"/> levels; <c>and</c>/<c>or</c> chains are lists, of any length. Every
/// literal is converted and checked here (numbers, times, networks, regular expressions, files
/// of values), so evaluation never parses anything but log bytes.
/// </remarks>
public sealed partial class ExpressionCompiler
{
    /// <summary>1 GiB: largest <c>@FILE</c> value list read; <c>@/dev/zero</c> stops here with an error.</summary>
    public const long MaxValueFileBytes = 1L << 30;

    private static readonly string[] s_comparisons = ["==", "!=", "<", "<=", ">", ">="];
    private static readonly string[] s_searches = ["contains", "startswith", "endswith", "icontains", "istartswith", "iendswith"];

    /// <summary>
    /// Most levels of <c>(</c> and <c>not</c> an expression may nest: parsing, building and
    /// evaluating recurse once per level, so a deeper input would exhaust the stack.
    /// </summary>
    public const int MaxDepth = 256;

    private readonly string _expression;
    private readonly List<Token> _tokens;
    private readonly long _now;
    private int _next;
    private int _depth;

    private ExpressionCompiler(string expression, long nowUnixSeconds)
    {
        _expression = expression;
        _tokens = ExpressionLexer.Tokenize(expression);
        _now = nowUnixSeconds;
    }

    /// <summary>
    /// Compiles <paramref name="expression"/>; relative times (<c>-2h</c>) count back from
    /// <paramref name="nowUnixSeconds"/>.
    /// </summary>
    /// <exception cref="ExpressionException">The expression does not parse or does not type-check.</exception>
    /// <returns>
    /// The predicate factory, and the longest literal that every matching record's line must
    /// contain (from a case-sensitive text test or <c>status ==</c> in the top-level
    /// conjunction), or null when there is none.
    /// </returns>
    public static (PredicateFactory Create, byte[]? RequiredLiteral) Compile(string expression, long nowUnixSeconds)
    {
        var compiler = new ExpressionCompiler(expression, nowUnixSeconds);
        if (compiler.Peek.Kind == TokenKind.End)
            throw compiler.Error(compiler.Peek, "empty expression: expected a test such as 'status >= 500'");
        var root = compiler.ParseOr();
        if (compiler.Peek.Kind == TokenKind.CloseParen)
            throw compiler.Error(compiler.Peek, "unexpected ')': no '(' is open");
        if (compiler.Peek.Kind != TokenKind.End)
            throw compiler.Error(compiler.Peek, $"expected 'and', 'or' or the end of the expression, found {compiler.Peek.Describe()}");
        return (root.Create, root.Literal);
    }

    /// <summary>
    /// A compiled node: its factory, and a literal every line it matches contains (or null) with
    /// a guess of how selective it is (its length; a status code counts as 3, as common as a
    /// short word).
    /// </summary>
    private sealed record Compiled(PredicateFactory Create, byte[]? Literal, int Selectivity = 0);

    private Token Peek => _tokens[_next];

    private Token Take() => _tokens[_next++];

    private ExpressionException Error(Token at, string message) => new(_expression, at.Start, at.Length, message);

    private Compiled ParseOr()
    {
        var parts = new List<Compiled> { ParseAnd() };
        while (Peek.Is("or"))
        {
            Take();
            parts.Add(ParseAnd());
        }
        if (parts.Count == 1) return parts[0];
        var all = parts.Select(p => p.Create).ToArray();
        return new Compiled(s => new OrPredicate(Build(all, s), s), null);
    }

    private Compiled ParseAnd()
    {
        var parts = new List<Compiled> { ParseUnary() };
        while (Peek.Is("and"))
        {
            Take();
            parts.Add(ParseUnary());
        }
        if (parts.Count == 1) return parts[0];
        var all = parts.Select(p => p.Create).ToArray();
        // Every part must match, so any part's literal is required: the longest is the most selective guess.
        var best = parts.Where(p => p.Literal is not null).MaxBy(p => p.Selectivity);
        return new Compiled(s => new AndPredicate(Build(all, s)), best?.Literal, best?.Selectivity ?? 0);
    }

    private Compiled ParseUnary()
    {
        var token = Peek;
        if (token.Is("not"))
        {
            Enter(Take());
            var negated = new Compiled(Not(ParseUnary().Create), null);
            _depth--;
            return negated;
        }
        if (token.Kind == TokenKind.OpenParen)
        {
            Enter(Take());
            var inner = ParseOr();
            if (Peek.Kind != TokenKind.CloseParen)
                throw Error(Peek, $"expected ')' to close the '(' at column {token.Start + 1}, found {Peek.Describe()}");
            Take();
            _depth--;
            return inner;
        }
        return ParseTest();
    }

    /// <summary>One more level of nesting, opened by <paramref name="token"/>; past <see cref="MaxDepth"/> the expression is refused.</summary>
    private void Enter(Token token)
    {
        if (++_depth > MaxDepth)
            throw Error(token, $"expression nested too deeply: more than {MaxDepth} levels of '(' and 'not'");
    }

    /// <summary>The children's predicates, built in a loop (a long 'and'/'or' chain never recurses per operand).</summary>
    private static RecordPredicate[] Build(PredicateFactory[] parts, SelectionScratch scratch)
    {
        var built = new RecordPredicate[parts.Length];
        for (var i = 0; i < parts.Length; i++) built[i] = parts[i](scratch);
        return built;
    }

    private Compiled ParseTest()
    {
        var name = Take();
        if (name.Kind != TokenKind.Word || IsKeyword(name))
            throw Error(name, $"expected a field name ({string.Join(", ", QueryField.Names)}), 'not' or '(', found {name.Describe()}");
        if (QueryField.Find(name.Text) is not { } field)
        {
            var hint = name.Text == "hour"
                ? "hour cannot be tested; compare ts instead (e.g. ts == 2024-03-01T10 for that hour)"
                : $"unknown field '{name.Text}' (expected one of {string.Join(", ", QueryField.Names)})";
            throw Error(name, hint);
        }
        var op = Take();
        var negate = false;
        if (op.Is("not"))
        {
            negate = true;
            op = Take();
            if (!op.Is("in") && !s_searches.Any(op.Is))
                throw Error(op, $"expected 'in', 'contains', 'startswith' or 'endswith' after 'not', found {op.Describe()}");
        }
        Compiled test;
        if (op.Kind == TokenKind.Operator && s_comparisons.Contains(op.Text))
            test = Comparison(field, op, TakeValue(op));
        else if (op.Kind == TokenKind.Operator && op.Text is "~" or "!~")
            test = new Compiled(Match(field, op), null);
        else if (s_searches.Any(op.Is))
            test = Search(field, op, TakeValue(op));
        else if (op.Is("in"))
            test = new Compiled(In(field, op), null);
        else
            throw Error(op, $"expected an operator after '{field.Name}' ({OperatorsOf(field.Kind)}), found {op.Describe()}");
        return negate ? new Compiled(Not(test.Create), null) : test;
    }

    private static string OperatorsOf(QueryFieldKind kind) => kind switch
    {
        QueryFieldKind.Text => "== != < <= > >= ~ !~ contains startswith endswith icontains istartswith iendswith in",
        QueryFieldKind.Address => "== != < <= > >= ~ !~ contains startswith endswith in (a CIDR, a list or @file)",
        QueryFieldKind.Integer => "== != < <= > >= in",
        QueryFieldKind.Symbol => "== != in",
        _ => "== != < <= > >=",
    };

    private static bool IsKeyword(Token t)
        => t.Is("and") || t.Is("or") || t.Is("not") || t.Is("in") || t.Is("null") || s_searches.Any(t.Is);

    private Token TakeValue(Token after)
    {
        var value = Take();
        if (value.Kind is TokenKind.Word or TokenKind.String) return value;
        throw Error(value, $"expected a value after '{after.Text}', found {value.Describe()}");
    }

    private static PredicateFactory Not(PredicateFactory inner) => s => new NotPredicate(inner(s), s);

    private static PredicateFactory Constant(bool value) => _ => new ConstantPredicate(value);

    private Compiled Comparison(QueryField field, Token op, Token value)
    {
        if (value.Kind == TokenKind.Word && value.Is("null"))
        {
            if (op.Text is not ("==" or "!=")) throw Error(op, $"null can only be compared with == or != (found '{op.Text}')");
            var isNull = field.Nullable ? _ => new NullPredicate(field.Field) : Constant(false);
            return new Compiled(op.Text == "==" ? isNull : Not(isNull), null);
        }
        switch (field.Kind)
        {
            case QueryFieldKind.Text or QueryFieldKind.Address:
                var literal = LiteralBytes(value);
                var comparison = op.Text switch
                {
                    "==" or "!=" => TextComparison.Equal,
                    "<" => TextComparison.Less,
                    "<=" => TextComparison.LessOrEqual,
                    ">" => TextComparison.Greater,
                    _ => TextComparison.GreaterOrEqual,
                };
                if (field.Kind == QueryFieldKind.Address && AddressComparison(field, op, value, literal, comparison) is { } numeric)
                    return numeric;
                PredicateFactory text = _ => new TextComparePredicate(field.Field, comparison, literal);
                if (op.Text == "!=") return new Compiled(Not(text), null);
                // A field's bytes stand in its line as they are, so an equal field means the line contains them.
                return new Compiled(text, op.Text == "==" && literal.Length > 0 ? literal : null, literal.Length);
            case QueryFieldKind.Time:
                if (!TimeLiteral.TryParse(value.Text, _now, out var from, out var to))
                    throw Error(value, $"expected {TimeLiteral.Expected}; found {value.Describe()}");
                return new Compiled(TimeRange(op.Text, from, to), null);
            default:
                if (field.Kind == QueryFieldKind.Symbol && op.Text is not ("==" or "!="))
                    throw Error(op, $"{field.Name} takes {OperatorsOf(field.Kind)}, not '{op.Text}'");
                var (first, last) = Interval(field, value);
                // A parsed line has its status as '" DDD ' (after the request's closing quote).
                var statusText = field.Field == LogField.Status && op.Text == "==" && first == last && first is >= 100 and <= 999
                    ? Encoding.ASCII.GetBytes($"\" {first} ")
                    : null;
                return new Compiled(Range(field, op.Text, first, last), statusText, 3);
        }
    }

    /// <summary>
    /// An address field against an address literal, compared as numbers (the text of one
    /// address varies: case, zeros, '::', the IPv4-mapped form); null when the literal is not
    /// an address and the test stays a bytewise one (<c>ip == host.example.com</c>). Ordering a
    /// host name is refused: bytewise order of addresses is not their order (10.3.0.1 &gt; 10.255.255.255).
    /// </summary>
    private Compiled? AddressComparison(QueryField field, Token op, Token value, byte[] literal, TextComparison comparison)
    {
        var family = IpAddressText.Parse(literal, out var address);
        if (family == IpAddressText.None)
        {
            if (comparison == TextComparison.Equal) return null;
            throw Error(value, $"'{op.Text}' on {field.Name} compares IP addresses and {value.Describe()} is not one (for a range of addresses use '{field.Name} in 10.0.0.0/8')");
        }
        PredicateFactory test = _ => new IpComparePredicate(field.Field, comparison, family, address);
        // No required literal: a matching line may write the address in another form.
        return new Compiled(op.Text == "!=" ? Not(test) : test, null);
    }

    /// <summary>The interval of column values a literal stands for (one value, a status class, a day…).</summary>
    private (long First, long Last) Interval(QueryField field, Token value)
    {
        var text = value.Text;
        switch (field.Kind)
        {
            case QueryFieldKind.Integer:
                if (field.Field == LogField.Status && text.Length == 3 && text[0] is >= '1' and <= '9' && text.EndsWith("xx", StringComparison.OrdinalIgnoreCase))
                {
                    var hundreds = (text[0] - '0') * 100L;
                    return (hundreds, hundreds + 99);
                }
                if (NumberLiteral.TryParseInteger(text, out var number)) return (number, number);
                throw Error(value, field.Field == LogField.Status
                    ? $"expected a status code (404) or class (4xx) or null, found {value.Describe()}"
                    : $"expected a whole number or null for {field.Name}, found {value.Describe()}");
            case QueryFieldKind.Symbol:
                var symbols = FieldNames.Info(field.Field).Symbols!;
                for (var i = 0; i < symbols.Count; i++)
                    if (string.Equals(symbols[i], text, StringComparison.OrdinalIgnoreCase)) return (i, i);
                throw Error(value, $"expected one of {string.Join(", ", symbols)} or null for {field.Name}, found {value.Describe()}");
            default:
                if (NumberLiteral.TryParseMicros(text, out var micros)) return (micros, micros);
                throw Error(value, $"expected a duration in seconds (0.5, 1.25s, 250ms) or null for {field.Name}, found {value.Describe()}");
        }
    }

    /// <summary>
    /// Compiles <c>ts op [first, last]</c> (the instants a time literal covers), as
    /// <see cref="Range"/> does for numbers, at nanosecond precision.
    /// </summary>
    private static PredicateFactory TimeRange(string op, Instant first, Instant last)
    {
        var (from, to, negate) = op switch
        {
            "==" => (first, last, false),
            "!=" => (first, last, true),
            "<" => (Instant.MinValue, first.Previous(), false),
            "<=" => (Instant.MinValue, last, false),
            ">" => (last.Next(), Instant.MaxValue, false),
            _ => (first, Instant.MaxValue, false),
        };
        var range = TimeRangePredicate.Create(from, to);
        return negate ? Not(range) : range;
    }

    /// <summary>
    /// Compiles <c>field op [first, last]</c>: <c>==</c> is inside the interval, <c>&lt;</c> before
    /// it, <c>&lt;=</c> up to its end, <c>&gt;</c> after it, <c>&gt;=</c> from its start.
    /// </summary>
    private static PredicateFactory Range(QueryField field, string op, long first, long last)
    {
        var (from, to, negate) = op switch
        {
            "==" => (first, last, false),
            "!=" => (first, last, true),
            "<" => (long.MinValue, first - 1, false),
            "<=" => (long.MinValue, last, false),
            ">" => (last + 1, long.MaxValue, false),
            _ => (first, long.MaxValue, false),
        };
        // Absent values are -1 in nullable numeric columns: intervals of values start at 0.
        if (field.Nullable) from = Math.Max(from, 0);
        var range = from > to
            ? Constant(false)
            : _ => new NumberRangePredicate(field.Field, from, to);
        return negate ? Not(range) : range;
    }

    private PredicateFactory Match(QueryField field, Token op)
    {
        if (field.Kind is not (QueryFieldKind.Text or QueryFieldKind.Address))
            throw Error(op, $"'{op.Text}' applies to text fields; {field.Name} is {Describe(field.Kind)} (use {OperatorsOf(field.Kind)})");
        var value = Take();
        if (value.Kind is not (TokenKind.String or TokenKind.Word))
            throw Error(value, $"expected a regular expression in quotes after '{op.Text}', found {value.Describe()}");
        var pattern = value.Raw;
        try
        {
            _ = new Regex(pattern, TextRegexPredicate.Options);
        }
        catch (RegexParseException e)
        {
            var at = value.Kind == TokenKind.String ? value.Start + 1 + Math.Clamp(e.Offset - 1, 0, pattern.Length) : value.Start;
            var reason = string.Concat(e.Error.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
            throw new ExpressionException(_expression, at, 1, $"invalid regular expression: {reason}");
        }
        catch (NotSupportedException e)
        {
            throw Error(value, $"regular expression not supported in linear-time mode (no backreferences, lookarounds or atomic groups): {e.Message}");
        }
        PredicateFactory match = _ => new TextRegexPredicate(field.Field, pattern);
        return op.Text == "!~" ? Not(match) : match;
    }

    private Compiled Search(QueryField field, Token op, Token value)
    {
        if (field.Kind is not (QueryFieldKind.Text or QueryFieldKind.Address))
            throw Error(op, $"'{op.Text}' applies to text fields; {field.Name} is {Describe(field.Kind)} (use {OperatorsOf(field.Kind)})");
        if (value.Kind == TokenKind.Word && value.Is("null"))
            throw Error(value, $"'{op.Text}' needs a string; to test for an absent value use '{field.Name} == null'");
        var needle = LiteralBytes(value);
        var name = op.Text.ToLowerInvariant();
        var ignoreCase = name.StartsWith('i');
        var search = name.TrimStart('i') switch
        {
            "contains" => TextSearch.Contains,
            "startswith" => TextSearch.StartsWith,
            _ => TextSearch.EndsWith,
        };
        return new Compiled(_ => new TextSearchPredicate(field.Field, search, ignoreCase, needle), ignoreCase || needle.Length == 0 ? null : needle, needle.Length);
    }

    private static byte[] LiteralBytes(Token value) => value.Bytes ?? Encoding.UTF8.GetBytes(value.Text);

    private static string Describe(QueryFieldKind kind) => kind switch
    {
        QueryFieldKind.Integer => "a number",
        QueryFieldKind.Duration => "a duration",
        QueryFieldKind.Time => "a time",
        QueryFieldKind.Symbol => "a name",
        _ => "text",
    };
}
