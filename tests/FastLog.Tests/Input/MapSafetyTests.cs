using FastLog.Input;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Input;

/// <summary>
/// <c>--io auto</c> maps only files that will not shrink while read (rotated names, an hour
/// without writes, read-only mounts) and reads live ones; either way the answers are the same.
/// </summary>
public class MapSafetyTests
{
    [Theory]
    [InlineData("access.log.1", true)]
    [InlineData("access.log.14", true)]
    [InlineData("error_log.365", true)]
    [InlineData("access.log-20240301", true)]
    [InlineData("access.log-2024030112", true)]
    [InlineData("access_log_20231231", true)]
    [InlineData("access.log.2024-03-01", true)]
    [InlineData("syslog-2024-02-29", true)]
    [InlineData("access.log", false)]
    [InlineData("access.log.gz", false)]
    [InlineData("app-2024.log", false)]
    [InlineData("access.log.1234", false)]
    [InlineData("access.log-20241399", false)]
    [InlineData("access.log-2024-13-01", false)]
    [InlineData("access.log-123456789", false)]
    [InlineData("1", false)]
    [InlineData("20240301", false)]
    public void RotatedNames_AreTold(string name, bool rotated) => Assert.Equal(rotated, MapSafety.IsRotatedName(name));

    [Fact]
    public void ALiveFile_IsRead_AndTheSameFileIdleForAnHourOrRenamedRotated_IsMapped()
    {
        using var temp = new TempDirectory("map-safety");
        var live = temp.File("access.log");
        File.WriteAllText(live, "x\n");
        var now = DateTime.UtcNow;
        using (var handle = File.OpenHandle(live))
        {
            Assert.False(MapSafety.IsOnReadOnlyMount(handle)); // the temp folder is writable
            Assert.False(MapSafety.WillNotShrink(live, handle, now));
            Assert.True(MapSafety.WillNotShrink(live, handle, now.AddMinutes(MapSafety.IdleMinutes + 1)));
            Assert.True(MapSafety.WillNotShrink(temp.File("access.log.1"), handle, now));
        }
        File.SetLastWriteTimeUtc(live, now.AddMinutes(-MapSafety.IdleMinutes - 1));
        using (var handle = File.OpenHandle(live))
            Assert.True(MapSafety.IsIdle(handle, now));
    }

    [Theory]
    [InlineData("count --by status")]
    [InlineData("top ip")]
    [InlineData("analyze --stable --output json")]
    public void AutoOnAnIdleFile_AnswersAsRead(string command)
    {
        using var temp = new TempDirectory("map-auto");
        var path = temp.File("access.log");
        GeneratedInputs.Write(path, FastLog.Columns.LogFormat.Combined, 20_000, seed: 5);
        GeneratedInputs.Damage(path, 0.03, seed: 5);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-2));
        using (var handle = File.OpenHandle(path)) Assert.True(MapSafety.WillNotShrink(path, handle, DateTime.UtcNow));
        string[] args = [.. command.Split(' '), "--chunk-size", "65536", "--threads", "2", path];
        var read = FastLogCli.Run([.. args, "--io", "read"]);
        var auto = FastLogCli.Run([.. args, "--io", "auto"]);
        Assert.Equal(0, read.ExitCode);
        Assert.Equal(read.Stdout, auto.Stdout);
        Assert.Equal(read.Stderr, auto.Stderr);
    }
}
