using FastLog.Aggregation;
using FastLog.Engine;
using FastLog.Input;
using FastLog.Tests.TestSupport;

namespace FastLog.Tests.Input;

/// <summary>
/// What cannot be read — a subdirectory that cannot be listed, a file that cannot be opened, a
/// dangling link, a link loop, a missing argument, a file that vanished or was replaced after
/// it was listed — is one error line naming its path; everything else is read and the run
/// exits 1.
/// </summary>
/// <remarks>
/// Tests run as root, which reads through chmod 000. The forms here work for root too: a link
/// to <c>/proc/sys/vm/drop_caches</c> (mode 0200: proc refuses reads even to root), and for the
/// unlistable directory the binary runs as <c>nobody</c> through <c>setpriv</c>.
/// </remarks>
public sealed class UnreadableInputTests : IDisposable
{
    private readonly TempDirectory _dir = new("unreadable");
    private readonly string _log;
    private readonly long _records;

    public UnreadableInputTests() => (_log, _records) = CleanLog.Write(_dir);

    public void Dispose()
    {
        Shell.Run($"chmod -R u+rwx {_dir.Path}");
        _dir.Dispose();
    }

    /// <summary>A tree with two readable logs, a link to its parent (never followed) and <paramref name="form"/>'s bad entry; returns the bad path.</summary>
    private string Tree(string root, string form)
    {
        Directory.CreateDirectory(Path.Combine(root, "a", "deep"));
        File.Copy(_log, Path.Combine(root, "a", "one.log"));
        File.Copy(_log, Path.Combine(root, "a", "deep", "two.log"));
        File.CreateSymbolicLink(Path.Combine(root, "a", "up"), "..");
        var bad = Path.Combine(root, "bad");
        switch (form)
        {
            case "dangling-link":
                File.CreateSymbolicLink(bad, Path.Combine(root, "absent.log"));
                break;
            case "link-loop":
                File.CreateSymbolicLink(bad, "bad");
                break;
            case "unreadable-file":
                File.CreateSymbolicLink(bad, "/proc/sys/vm/drop_caches");
                break;
            case "unlistable-subdirectory":
                Directory.CreateDirectory(bad);
                File.Copy(_log, Path.Combine(bad, "hidden.log"));
                Shell.Run($"chmod 000 {bad}");
                break;
        }
        return bad;
    }

    [Theory]
    [InlineData("dangling-link", "no such file or directory")]
    [InlineData("link-loop", "Too many levels of symbolic links")]
    [InlineData("unreadable-file", "permission denied")]
    [InlineData("unlistable-subdirectory", "permission denied")]
    public void UnreadableEntryInADirectoryIsOneErrorAndTheRestIsRead(string form, string reason)
    {
        var root = _dir.File("tree");
        Directory.CreateDirectory(root);
        Shell.Run($"chmod -R o+rX {_dir.Path}");
        var bad = Tree(root, form);
        // As root, chmod 000 does not stop a listing; as nobody it does.
        var asUser = form == "unlistable-subdirectory" && Environment.UserName == "root" ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";

        var run = FastLogProcess.Run($"{asUser}$FASTLOG count {root}");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"{2 * _records}\n", run.StdoutText);
        Assert.Equal([$"fastlog: error: {bad}: {reason}"], run.StderrLines);
    }

    [Theory]
    [InlineData("missing", "no such file or directory")]
    [InlineData("unreadable", "permission denied")]
    [InlineData("directory-link-loop", "Too many levels of symbolic links")]
    public void UnreadableArgumentIsOneErrorAndTheOtherArgumentsAreRead(string form, string reason)
    {
        var bad = form switch
        {
            "unreadable" => "/proc/sys/vm/drop_caches",
            _ => _dir.File(form),
        };
        if (form == "directory-link-loop") File.CreateSymbolicLink(bad, form);

        var run = FastLogCli.Run("count", _log, bad, _log);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"{2 * _records}\n", run.StdoutText);
        Assert.Equal([$"fastlog: error: {bad}: {reason}"], run.StderrLines);
    }

    public static TheoryData<string, string> ChangesAfterListing() => new()
    {
        { "regular-vanished", "no such file or directory" },
        { "gzip-vanished", "no such file or directory" },
        { "empty-vanished", "no such file or directory" },
        { "regular-replaced", "replaced since it was listed (the path now names another file)" },
        { "gzip-replaced", "replaced since it was listed (the path now names another file)" },
    };

    [Theory, MemberData(nameof(ChangesAfterListing))]
    public void FileThatVanishesOrIsReplacedAfterItIsListedIsAnErrorAndTheOthersAreRead(string form, string error)
    {
        var root = _dir.File("listed");
        Directory.CreateDirectory(root);
        File.Copy(_log, Path.Combine(root, "a.log"));
        File.Copy(_log, Path.Combine(root, "c.log"));
        var changing = Path.Combine(root, "b.log");
        if (form.StartsWith("gzip", StringComparison.Ordinal)) Shell.Run($"gzip -c {_log} > {changing}");
        else if (form.StartsWith("empty", StringComparison.Ordinal)) File.WriteAllBytes(changing, []);
        else File.Copy(_log, changing);
        var errors = new List<string>();
        var inputs = InputResolver.Resolve([root], errors);
        Assert.Empty(errors);

        // Between the listing and the read: removed, or a new file renamed over it (a rotation;
        // the new file exists before the old one goes, so it cannot reuse its inode number).
        if (form.EndsWith("replaced", StringComparison.Ordinal))
        {
            File.Copy(_log, changing + ".new");
            File.Move(changing + ".new", changing, overwrite: true);
        }
        else
        {
            File.Delete(changing);
        }
        var result = LogPipeline.Run(new PipelineOptions { Inputs = inputs, CreateAggregator = () => new CountAggregator(), Threads = 2 });

        Assert.Equal([null, error, null], result.Inputs.Select(i => i.Error));
        Assert.Equal(2 * _records, ((CountAggregator)result.Aggregate).Records);
    }
}
