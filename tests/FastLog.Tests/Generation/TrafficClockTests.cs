using FastLog.Generation.Traffic;

namespace FastLog.Tests.Generation;

/// <summary>The clock is what lets segments be generated independently: seeking must agree with walking.</summary>
public class TrafficClockTests
{
    private static TrafficClock Clock(long lines, int days = 2, int offset = -7 * 3600)
        => new(TrafficClock.DefaultStartLocalDay, offset, days, lines, seed: 3);

    [Theory]
    [InlineData(1L)]
    [InlineData(7L)]
    [InlineData(5_000L)]      // fewer lines than minutes: many empty minutes
    [InlineData(300_000L)]    // several lines per second
    public void SeekAnywhere_AgreesWithWalkingFromTheStart_AndTimeNeverGoesBack(long lines)
    {
        var clock = Clock(lines);
        var walk = clock.Seek(0);
        var times = new long[lines * 2]; // two periods: the table repeats
        for (var i = 0; i < times.Length; i++) times[i] = walk.Next();
        Assert.True(times[0] >= clock.StartUnix);
        for (var i = 1; i < times.Length; i++) Assert.True(times[i] >= times[i - 1], $"line {i} goes back in time");
        Assert.True(times[lines - 1] < clock.StartUnix + clock.PeriodSeconds);
        Assert.Equal(times[0] + clock.PeriodSeconds, times[lines]);
        var step = Math.Max(1, lines / 97);
        for (var i = 0L; i < times.Length; i += step)
        {
            var cursor = clock.Seek(i);
            Assert.Equal(times[i], cursor.Next());
            if (i + 1 < times.Length) Assert.Equal(times[i + 1], cursor.Next());
        }
    }

    [Theory]
    [InlineData(5_000L)]
    [InlineData(300_000L)]
    public void LinesAtOrBefore_CountsExactlyTheLinesUpToThatSecond(long lines)
    {
        var clock = Clock(lines);
        var walk = clock.Seek(0);
        var times = new long[lines];
        for (var i = 0; i < times.Length; i++) times[i] = walk.Next();
        var rng = new Random(5);
        for (var k = 0; k < 2_000; k++)
        {
            var t = clock.StartUnix + rng.NextInt64(clock.PeriodSeconds);
            // times is sorted: the count of entries <= t is the first index holding a later time.
            int lo = 0, hi = times.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (times[mid] <= t) lo = mid + 1;
                else hi = mid;
            }
            var expected = lo;
            Assert.Equal(expected, clock.LinesAtOrBefore(t));
        }
        Assert.Equal(0, clock.LinesAtOrBefore(clock.StartUnix - 1));
        Assert.Equal(lines, clock.LinesAtOrBefore(clock.StartUnix + clock.PeriodSeconds - 1));
    }

    [Fact]
    public void Traffic_FollowsTheDay_QuietAtFourBusyInTheAfternoon()
    {
        var clock = Clock(1_000_000, days: 7, offset: 0);
        var walk = clock.Seek(0);
        var perHour = new long[24];
        for (var i = 0; i < 1_000_000; i++) perHour[(walk.Next() - clock.StartUnix) / 3600 % 24]++;
        Assert.True(perHour[16] > 4 * perHour[4], $"16:00 {perHour[16]} vs 04:00 {perHour[4]}");
    }
}
