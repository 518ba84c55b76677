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

    /// <summary>
    /// copytruncate while fastlog was down: with the copy beside the file, the checkpointed rest
    /// is read from the copy and the file from 0 (nothing lost); without a copy the file is read
    /// from 0, the lines between the checkpoint and the truncation are lost, and stderr says so.
    /// Both forms of a cut file: shorter than the offset, and written past the offset again.
    /// </summary>
    [Theory]
    [InlineData("copy-kept", 20)]
    [InlineData("copy-kept", 400)]
    [InlineData("no-copy", 20)]
    [InlineData("no-copy", 400)]
    public void A_file_truncated_while_fastlog_was_down_is_read_from_the_start_and_stderr_says_so(string copy, int writtenAfter)
    {
        using var dir = new TempDirectory("follow-state");
        var path = dir.File("app.log");
        var state = dir.File("follow.state");
        using var writer = new SequenceWriter(path);
        writer.Write(300);
        List<string> first;
        using (var follower = new RunningFollower([path], RunningFollower.Options("inotify", state: state)))
        {
            follower.WaitFor(300);
            first = follower.Stop();
        }
        writer.Write(50); // after the checkpoint, before logrotate's copy
        if (copy == "copy-kept") File.Copy(path, path + ".1");
        var lostFrom = writer.Next;
        using (var truncate = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) truncate.SetLength(0);
        writer.Reopen(); // a server's O_APPEND descriptor writes at the new end; .NET's Append mode only seeks there once
        writer.Write(writtenAfter); // 20 lines: shorter than the offset; 400: past it again
        var expected = copy == "copy-kept"
            ? SequenceWriter.Expected(writer.Next)
            : [.. SequenceWriter.Expected(300), .. Enumerable.Range(lostFrom, writtenAfter).Select(SequenceWriter.Line)];
        using var second = new RunningFollower([path], RunningFollower.Options("inotify", state: state));
        second.WaitFor(expected.Count - first.Count);
        Thread.Sleep(200);
        Assert.Equal(expected, [.. first, .. second.Stop()]);
        var warnings = second.Warnings.ToString();
        Assert.Contains("app.log: ", warnings);
        Assert.Contains(writtenAfter == 20 ? "shorter" : "content before the checkpointed offset changed", warnings);
        Assert.Contains(copy == "copy-kept" ? "read from its copy" : "reading it from the start", warnings);
        Assert.Single(warnings.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Two followers on one <c>--state</c> would overwrite each other's offsets: the second is refused while the first runs, and a later one starts.</summary>
    [Fact]
    public void A_second_follower_on_the_same_state_is_refused_while_the_first_runs()
    {
        using var dir = new TempDirectory("follow-state");
        var path = dir.File("app.log");
        var state = dir.File("follow.state");
        using var writer = new SequenceWriter(path);
        writer.Write(10);
        using (var first = new RunningFollower([path], RunningFollower.Options("inotify", state: state)))
        {
            first.WaitFor(10);
            using var second = new RunningFollower([path], RunningFollower.Options("inotify", state: state));
            var failure = Assert.Throws<InvalidOperationException>(() => second.Stop());
            Assert.IsType<IOException>(failure.InnerException);
            Assert.Contains("is in use by another fastlog process", failure.InnerException!.Message);
            Assert.Empty(second.Sink.Snapshot());
            first.Stop();
        }
        writer.Write(5);
        using var third = new RunningFollower([path], RunningFollower.Options("inotify", state: state));
        third.WaitFor(5);
        Assert.Equal(Enumerable.Range(10, 5).Select(SequenceWriter.Line), third.Stop());
    }

    /// <summary>The checkpoint is written to a fresh temporary name (O_EXCL), never through a file or link already at the old fixed name.</summary>
    [Fact]
    public void Saving_the_state_never_writes_through_a_link_at_a_temporary_name()
    {
        using var dir = new TempDirectory("follow-state");
        var path = dir.File("app.log");
        var state = dir.File("follow.state");
        var victim = dir.File("victim");
        File.WriteAllText(victim, "untouched\n");
        File.CreateSymbolicLink(state + ".tmp", victim);
        using var writer = new SequenceWriter(path);
        writer.Write(10);
        using (var follower = new RunningFollower([path], RunningFollower.Options("inotify", state: state)))
        {
            follower.WaitFor(10);
            follower.Stop();
        }
        Assert.Equal("untouched\n", File.ReadAllText(victim));
        Assert.StartsWith("fastlog-follow-state 2\n", File.ReadAllText(state));
        Assert.Empty(Directory.GetFiles(dir.Path, "follow.state.*.tmp"));
    }
}
