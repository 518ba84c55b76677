using System.IO.Compression;
using System.Text;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Follow;

/// <summary>
/// The follower against a writer on another thread: every case asserts that the lines handed on
/// are exactly the lines written, in order, each once — in inotify mode and in polling mode.
/// </summary>
public class FollowerTests
{
    public static TheoryData<string> Modes => ["inotify", "poll"];

    [Theory]
    [MemberData(nameof(Modes))]
    public void Appends_and_bursts_are_read_as_they_arrive_in_order_each_once(string mode)
    {
        using var dir = new TempDirectory("follow-appends");
        var path = dir.File("app.log");
        using var writer = new SequenceWriter(path);
        writer.Write(1000); // there before following starts: read first
        using var follower = new RunningFollower([path], RunningFollower.Options(mode));
        follower.WaitFor(1000);
        for (var burst = 0; burst < 20; burst++)
        {
            writer.Write(burst % 2 == 0 ? 1 : 2000);
            Thread.Sleep(5);
        }
        follower.WaitFor(writer.Next);
        Assert.Equal(SequenceWriter.Expected(writer.Next), follower.Stop());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Rename_rotation_drains_late_writes_to_the_old_file_then_reads_the_new_one(string mode)
    {
        using var dir = new TempDirectory("follow-rename");
        var path = dir.File("app.log");
        using var writer = new SequenceWriter(path);
        writer.Write(500);
        using var follower = new RunningFollower([path], RunningFollower.Options(mode));
        for (var rotation = 1; rotation <= 3; rotation++)
        {
            writer.Write(300);
            // Rotations far apart, as in life: a file created and rotated away between two polls is never seen by name.
            follower.WaitFor(writer.Next);
            File.Move(path, $"{path}.{rotation}");
            // The server has not noticed yet: these lines go to the renamed file.
            for (var late = 0; late < 5; late++)
            {
                writer.Write(100);
                Thread.Sleep(20);
            }
            writer.Reopen();
            writer.Write(200);
        }
        follower.WaitFor(writer.Next);
        Assert.Equal(SequenceWriter.Expected(writer.Next), follower.Stop());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Copytruncate_restarts_at_offset_zero_of_the_same_file(string mode)
    {
        using var dir = new TempDirectory("follow-copytruncate");
        var path = dir.File("app.log");
        using var writer = new SequenceWriter(path);
        writer.Write(400);
        using var follower = new RunningFollower([path], RunningFollower.Options(mode));
        for (var rotation = 1; rotation <= 3; rotation++)
        {
            follower.WaitFor(writer.Next);
            File.Copy(path, $"{path}.{rotation}");
            using (var truncate = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) truncate.SetLength(0);
            writer.Reopen();
            // More lines than before the truncation: the file is longer than the old offset at once,
            // which only the content check tells from growth.
            writer.Write(600 * rotation);
        }
        follower.WaitFor(writer.Next);
        Assert.Equal(SequenceWriter.Expected(writer.Next), follower.Stop());
        Assert.Equal(3, follower.Sink.Truncations);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_deleted_file_is_drained_and_let_go_and_a_recreated_one_is_read_from_its_start(string mode)
    {
        using var dir = new TempDirectory("follow-delete");
        var path = dir.File("app.log");
        using var writer = new SequenceWriter(path);
        writer.Write(300);
        using var follower = new RunningFollower([path], RunningFollower.Options(mode));
        follower.WaitFor(300);
        File.Delete(path);
        writer.Write(250); // to the unlinked inode, still held open by the server
        Thread.Sleep(200);
        writer.Reopen(); // creates app.log again
        writer.Write(400);
        follower.WaitFor(writer.Next);
        Assert.Equal(SequenceWriter.Expected(writer.Next), follower.Stop());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_partial_last_line_waits_for_its_newline_or_the_idle_timeout(string mode)
    {
        using var dir = new TempDirectory("follow-partial");
        var path = dir.File("app.log");
        File.WriteAllText(path, "first\nhal");
        using var follower = new RunningFollower([path], RunningFollower.Options(mode, partialTimeout: TimeSpan.FromMilliseconds(700)));
        follower.WaitFor(1);
        Thread.Sleep(200);
        File.AppendAllText(path, "f-line\nnext\nun");
        follower.WaitFor(3);
        // Written in pieces within the timeout: one line, not two.
        Thread.Sleep(150);
        File.AppendAllText(path, "termin");
        Thread.Sleep(150);
        Assert.Equal(["first", "half-line", "next"], follower.Sink.Snapshot());
        File.AppendAllText(path, "ated");
        follower.WaitFor(4, timeoutMs: 3000);
        Assert.Equal(["first", "half-line", "next", "unterminated"], follower.Stop());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_directory_picks_up_new_files_reads_gzip_once_and_a_renamed_member_is_not_read_again(string mode)
    {
        using var dir = new TempDirectory("follow-dir");
        File.WriteAllText(Path.Combine(dir.Path, "a.log"), "a1\na2\n");
        WriteGzip(Path.Combine(dir.Path, "old.log.1.gz"), "z1\nz2\n");
        using var follower = new RunningFollower([dir.Path], RunningFollower.Options(mode));
        follower.WaitFor(4);
        File.WriteAllText(Path.Combine(dir.Path, "b.log"), "b1\n");
        follower.WaitFor(5);
        File.Move(Path.Combine(dir.Path, "a.log"), Path.Combine(dir.Path, "a.log.1"));
        File.AppendAllText(Path.Combine(dir.Path, "a.log.1"), "a3\n");
        File.WriteAllText(Path.Combine(dir.Path, "a.log"), "a4\n");
        WriteGzip(Path.Combine(dir.Path, "a.log.2.gz"), "g1\n");
        follower.WaitFor(8);
        Thread.Sleep(1500); // a sweep or two later: nothing is read twice
        var seen = follower.Stop();
        Assert.Equal(["a1", "a2", "a3", "a4", "b1", "g1", "z1", "z2"], seen.Order(StringComparer.Ordinal));
        Assert.True(seen.IndexOf("a3") < seen.IndexOf("a4"), string.Join(",", seen));
        Assert.Equal(2, follower.Sink.ReadOnceFiles);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void From_end_skips_what_the_file_holds_and_reads_what_is_appended(string mode)
    {
        using var dir = new TempDirectory("follow-from-end");
        var path = dir.File("app.log");
        using var writer = new SequenceWriter(path);
        writer.Write(100);
        using var follower = new RunningFollower([path], RunningFollower.Options(mode, fromEnd: true));
        Thread.Sleep(300);
        writer.Write(10);
        follower.WaitFor(10);
        Thread.Sleep(100);
        Assert.Equal(SequenceWriter.Expected(110)[100..], follower.Stop());
    }

    private static void WriteGzip(string path, string text)
    {
        var temp = Path.GetTempFileName(); // written outside the followed directory, then moved in whole
        using (var gzip = new GZipStream(File.Create(temp), CompressionLevel.Fastest)) gzip.Write(Encoding.UTF8.GetBytes(text));
        File.Move(temp, path);
    }
}
