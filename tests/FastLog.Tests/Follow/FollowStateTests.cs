using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Follow;

/// <summary>
/// <c>--state</c>: a follower stopped and started again with the same checkpoint hands on every
/// line written in between exactly once, also when the file was rotated while it was down.
/// </summary>
public class FollowStateTests
{
    [Theory]
    [InlineData("same-file")]
    [InlineData("renamed-while-down")]
    [InlineData("renamed-twice-while-down")]
    public void A_restart_with_the_same_state_resumes_exactly_where_it_stopped(string scenario)
    {
        using var dir = new TempDirectory("follow-state");
        var path = dir.File("app.log");
        var state = dir.File("follow.state");
        using var writer = new SequenceWriter(path);
        writer.Write(500);
        List<string> first;
        using (var follower = new RunningFollower([path], RunningFollower.Options("inotify", state: state)))
        {
            follower.WaitFor(500);
            writer.Write(100);
            follower.WaitFor(600);
            first = follower.Stop();
        }
        // Down: the server keeps writing, and logrotate may move the file away.
        writer.Write(150);
        var rotations = scenario switch { "renamed-while-down" => 1, "renamed-twice-while-down" => 2, _ => 0 };
        for (var r = rotations; r >= 1; r--)
        {
            for (var older = r; older >= 1; older--)
                if (File.Exists($"{path}.{older}")) File.Move($"{path}.{older}", $"{path}.{older + 1}");
            File.Move(path, path + ".1");
            writer.Write(40); // late writes to the renamed file
            writer.Reopen();
            writer.Write(60);
        }
        List<string> second;
        using (var follower = new RunningFollower([path], RunningFollower.Options("inotify", state: state)))
        {
            follower.WaitFor(writer.Next - first.Count);
            Thread.Sleep(200);
            second = follower.Stop();
        }
        Assert.Equal(SequenceWriter.Expected(writer.Next), [.. first, .. second]);
    }
}
