using FastLog.Query.Literals;

namespace FastLog.Tests.Query;

/// <summary>Time literals denote whole-second intervals at their precision (RFC 3339 forms, dates, relative).</summary>
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
    [InlineData("2024-03-01T10:15:30.999Z", 36930, 36930)]
    [InlineData("2024-03-01T10:15:30+01:00", 33330, 33330)]
    [InlineData("2024-03-01T10:15:30-0130", 42330, 42330)]
    [InlineData("2024-03-01T00:00:00+05", -18000, -18000)]
    [InlineData("2024-03-01T23:59:60Z", 86400, 86400)]
    public void Absolute(string text, long first, long last)
    {
        Assert.True(TimeLiteral.TryParse(text, 0, out var f, out var l), text);
        Assert.Equal((s_day + first, s_day + last), (f, l));
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
        Assert.Equal((1_000_000 - secondsBack, 1_000_000 - secondsBack), (f, l));
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
