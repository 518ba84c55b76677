using System.Text;
using FastLog.Input;
using FastLog.Query.Literals;
using FastLog.Query.Predicates;
using FastLog.Query.Syntax;

namespace FastLog.Query;

// 'in' tests: value lists, @FILE lists and address lists (networks and host names).
public sealed partial class ExpressionCompiler
{
    private PredicateFactory In(QueryField field, Token op)
    {
        if (field.Kind is QueryFieldKind.Duration or QueryFieldKind.Time)
            throw Error(op, $"'in' applies to text, address and whole-number fields; {field.Name} is {Describe(field.Kind)} (use comparisons)");
        var items = new List<(Token Token, byte[] Bytes)>();
        var first = Peek;
        if (first.Kind == TokenKind.OpenBracket)
        {
            Take();
            while (true)
            {
                var item = Take();
                if (item.Kind is not (TokenKind.Word or TokenKind.String) || (item.Kind == TokenKind.Word && item.Is("null")))
                    throw Error(item, $"expected a value in the list, found {item.Describe()}");
                items.Add((item, LiteralBytes(item)));
                var separator = Take();
                if (separator.Kind == TokenKind.CloseBracket) break;
                if (separator.Kind != TokenKind.Comma)
                    throw Error(separator, $"expected ',' or ']' in the list opened at column {first.Start + 1}, found {separator.Describe()}");
            }
        }
        else if (first.Kind == TokenKind.FileRef)
        {
            Take();
            var data = ReadValueFile(first);
            // Addresses go straight from the file's bytes into the range set: no object per line.
            if (field.Kind == QueryFieldKind.Address) return AddressFile(field, first, data);
            foreach (var line in new ValueFileLines(data))
            {
                // Values from the file are reported at the @FILE token.
                var text = Encoding.UTF8.GetString(line);
                var bytes = line.ToArray();
                items.Add((new Token(TokenKind.Word, first.Start, first.Length, text, text, bytes), bytes));
            }
        }
        else
        {
            var item = TakeValue(op);
            items.Add((item, LiteralBytes(item)));
        }

        switch (field.Kind)
        {
            case QueryFieldKind.Integer or QueryFieldKind.Symbol:
                var exact = new List<long>();
                var classes = new List<PredicateFactory>();
                foreach (var (token, _) in items)
                {
                    var (lo, hi) = Interval(field, token);
                    if (lo == hi) exact.Add(lo);
                    else classes.Add(Range(field, "==", lo, hi));
                }
                var sorted = exact.Distinct().Order().ToArray();
                PredicateFactory set = _ => new NumberSetPredicate(field.Field, sorted);
                if (classes.Count == 0) return set;
                if (sorted.Length > 0) classes.Add(set);
                var alternatives = classes.ToArray();
                return s => new OrPredicate(Build(alternatives, s), s);
            case QueryFieldKind.Address:
                var networks = new IpRangeSet.Builder();
                var names = new List<byte[]>();
                foreach (var (token, bytes) in items) AddAddress(networks, names, bytes, token);
                return AddressSet(field, networks, names);
            default:
                var values = new ByteStringSet(items.Select(i => i.Bytes));
                return _ => new TextSetPredicate(field.Field, values);
        }
    }

    /// <summary>
    /// <c>address-field in @FILE</c>: each line an address or CIDR (into a compact range set)
    /// or a host name (matched as bytes).
    /// </summary>
    private PredicateFactory AddressFile(QueryField field, Token file, byte[] data)
    {
        var networks = new IpRangeSet.Builder();
        var names = new List<byte[]>();
        foreach (var line in new ValueFileLines(data)) AddAddress(networks, names, line, file);
        return AddressSet(field, networks, names);
    }

    /// <summary>One value of an address list: a network (into <paramref name="networks"/>) or a host name; <paramref name="at"/> is blamed for a bad CIDR.</summary>
    private void AddAddress(IpRangeSet.Builder networks, List<byte[]> names, ReadOnlySpan<byte> value, Token at)
    {
        if (IpRangeSet.TryParseNetwork(value, out var network)) networks.Add(network.Family, network.First, network.Last);
        else if (value.IndexOf((byte)'/') >= 0) throw Error(at, $"'{Encoding.UTF8.GetString(value)}' is not a CIDR network (e.g. 10.0.0.0/8, 2001:db8::/32)");
        else names.Add(value.ToArray());
    }

    private static PredicateFactory AddressSet(QueryField field, IpRangeSet.Builder networks, List<byte[]> names)
    {
        var rangeSet = networks.Build();
        var nameSet = names.Count > 0 ? new ByteStringSet(names) : null;
        return _ => new IpRangePredicate(field.Field, rangeSet, nameSet);
    }

    /// <summary>
    /// The bytes of <c>@FILE</c>, read once, here, as a stream (a pipe works), at most
    /// <see cref="MaxValueFileBytes"/>; <see cref="ValueFileLines"/> splits them into values (one
    /// per line; surrounding white space, blank lines and <c>#</c> comments skipped).
    /// </summary>
    private byte[] ReadValueFile(Token file)
    {
        byte[] data;
        try
        {
            data = SideInput.ReadAll(file.Text, MaxValueFileBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw Error(file, $"cannot read the value file '{file.Text}': {e.Message}");
        }
        return data;
    }
}
