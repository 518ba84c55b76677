using System.Globalization;
using System.Text;
using FastLog.Formats.Json;
using Xunit;

namespace FastLog.Tests.Formats;

/// <summary><see cref="Rfc3339Timestamp"/> against <see cref="DateTimeOffset.ParseExact(string, string, IFormatProvider?)"/> as the oracle.</summary>
public class JsonRfc3339Tests
{
    [Theory]
    [InlineData("2023-07-10T11:42:36Z")]
    [InlineData("2023-07-10t11:42:36z")]
    [InlineData("2023-07-10 11:42:36Z")]
    [InlineData("2023-07-10T11:42:36.9999999Z")]
    [InlineData("2023-07-10T11:42:36.5+05:30")]
    [InlineData("2023-07-10T00:10:00-08:00")]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("1969-12-31T23:59:59Z")]
    [InlineData("2024-02-29T23:59:59+14:00")]
    [InlineData("2024-03-01T00:00:00-14:00")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    public void Valid_EqualsDotNet(string text)
    {
        Assert.True(Rfc3339Timestamp.TryParse(Encoding.ASCII.GetBytes(text), out var seconds));
        var normalized = text.Replace('t', 'T').Replace('z', 'Z').Replace(' ', 'T');
        var expected = DateTimeOffset.Parse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeSeconds();
        Assert.Equal(expected, seconds);
    }

    // More fraction digits than .NET keeps (it rounds to 100 ns): the second is floored, not rounded up.
    [Fact]
    public void LongFraction_IsDropped()
    {
        Assert.True(Rfc3339Timestamp.TryParse("2023-07-10T11:42:36.999999999999Z"u8, out var seconds));
        Assert.Equal(new DateTimeOffset(2023, 7, 10, 11, 42, 36, TimeSpan.Zero).ToUnixTimeSeconds(), seconds);
    }

    [Fact]
    public void LeapSecond_CountsAsFiftyNine()
    {
        Assert.True(Rfc3339Timestamp.TryParse("2016-12-31T23:59:60Z"u8, out var leap));
        Assert.True(Rfc3339Timestamp.TryParse("2016-12-31T23:59:59Z"u8, out var before));
        Assert.Equal(before, leap);
    }

    [Theory]
    [InlineData("2023-07-10T11:42:36")]
    [InlineData("2023-07-10T11:42:36Z ")]
    [InlineData("2023-07-10T11:42:36.Z")]
    [InlineData("2023-07-10T11:42:36.123")]
    [InlineData("2023-02-29T11:42:36Z")]
    [InlineData("2023-13-10T11:42:36Z")]
    [InlineData("2023-00-10T11:42:36Z")]
    [InlineData("2023-07-10T24:00:00Z")]
    [InlineData("2023-07-10T11:60:00Z")]
    [InlineData("2023-07-10T11:42:36+0200")]
    [InlineData("2023-07-10T11:42:36+24:00")]
    [InlineData("2023-07-10X11:42:36Z")]
    [InlineData("20230710T114236Z")]
    [InlineData("2023-07-1OT11:42:36Z")]
    [InlineData("")]
    public void Invalid_IsRejected(string text)
        => Assert.False(Rfc3339Timestamp.TryParse(Encoding.ASCII.GetBytes(text), out _));
}
