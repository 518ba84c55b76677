using FastLog.Query.Literals;

namespace FastLog.Tests.Query;

/// <summary>Time literals denote the interval of instants at their precision (RFC 3339 forms with fractions, dates, relative).</summary>
public class TimeLiteralTests
{
    private static readonly long s_day = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    [Theory]
    [InlineData("2024-03-01", 0, 86399)]
    [InlineData("2024-03-01T10", 36000, 39599)]
    [InlineData("2024-03-01T10:15", 36900, 36959)]
    [InlineData("2024-03-01T10:15:30Z", 36930, 36930)]
    [InlineData("2024-03-01t10:15:30z", 36930, 36930)]
    [InlineData("2024-03-01 10:15:30", 36930, 36930)]
    [InlineData("2024-03-01T10:15:30+01:00", 33330, 33330)]
    [InlineData("2024-03-01T10:15:30-0130", 42330, 42330)]
    [InlineData("2024-03-01T00:00:00+05", -18000, -18000)]
    [InlineData("2024-03-01T23:59:60Z", 86400, 86400)]
    public void Absolute(string text, long first, long last)
    {
        Assert.True(TimeLiteral.TryParse(text, 0, out var f, out var l), text);
        Assert.Equal((new Instant(s_day + first, 0), Instant.EndOf(s_day + last)), (f, l));
    }

    // A fraction covers one unit of its last digit (past nine digits, the nanosecond), after the offset is applied.
    [Theory]
    [InlineData("2024-03-01T10:15:30.999Z", 36930, 999_000_000, 999_999_999)]
    [InlineData("2024-03-01T10:15:30.2Z", 36930, 200_000_000, 299_999_999)]
    [InlineData("2024-03-01T10:15:30,25Z", 36930, 250_000_000, 259_999_999)]
    [InlineData("2024-03-01T10:15:30.000001Z", 36930, 1_000, 1_999)]
    [InlineData("2024-03-01T10:15:30.123456789Z", 36930, 123_456_789, 123_456_789)]
    [InlineData("2024-03-01T10:15:30.123456789999Z", 36930, 123_456_789, 123_456_789)]
    [InlineData("2024-03-01T10:15:30.0Z", 36930, 0, 99_999_999)]
    [InlineData("2024-03-01T10:15:30.9+02:00", 29730, 900_000_000, 999_999_999)]
    [InlineData("2024-03-01T10:15:30.5-0130", 42330, 500_000_000, 599_999_999)]
    public void Fractional(string text, long second, int firstNanos, int lastNanos)
    {
        Assert.True(TimeLiteral.TryParse(text, 0, out var f, out var l), text);
        Assert.Equal((new Instant(s_day + second, firstNanos), new Instant(s_day + second, lastNanos)), (f, l));
    }

    [Theory]
    [InlineData("-30s", 30)]
    [InlineData("-15m", 900)]
    [InlineData("-2h", 7200)]
    [InlineData("-7d", 604800)]
    [InlineData("-1w", 604800)]
    [InlineData("now", 0)]
    public void Relative(string text, long secondsBack)
    {
        Assert.True(TimeLiteral.TryParse(text, 1_000_000, out var f, out var l), text);
        Assert.Equal((new Instant(1_000_000 - secondsBack, 0), Instant.EndOf(1_000_000 - secondsBack)), (f, l));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2024-02-30")]
    [InlineData("2023-02-29")]
    [InlineData("2024-3-1")]
    [InlineData("2024-03-01T24:00")]
    [InlineData("2024-03-01T10:61")]
    [InlineData("2024-03-01T10:00:00+2400")]
    [InlineData("2024-03-01T10:00:00 UTC")]
    [InlineData("2024-03-01T10:00:00.")]
    [InlineData("-2x")]
    [InlineData("-h")]
    [InlineData("-9999999999d")]
    public void Invalid(string text)
    {
        Assert.False(TimeLiteral.TryParse(text, 0, out _, out _), text);
    }
}
