namespace FastLog.Input.Follow;

/// <summary>How a <see cref="Follower"/> reads its paths (validated by the CLI).</summary>
public sealed class FollowOptions
{
    /// <summary>Start at the end of what the files hold when following starts (<c>--from end</c>); files that appear later are read from their start.</summary>
    public bool FromEnd { get; init; }

    /// <summary>An unterminated last line is handed on once the file has not grown for this long (<c>--partial-line-timeout</c>, default 1 s).</summary>
    public TimeSpan PartialLineTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Poll every this often instead of using inotify (<c>--poll MS</c>; NFS, SMB, FUSE); null uses inotify when the kernel offers it.</summary>
    public TimeSpan? PollInterval { get; init; }

    /// <summary>
    /// 1 s: with inotify, every path is also checked this often, which covers lost events
    /// (queue overflow), rotations into another directory and file systems that report nothing.
    /// </summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The checkpoint file (<c>--state</c>): read at start to resume, written every <see cref="StateInterval"/> and when the run stops; null keeps none.</summary>
    public string? StatePath { get; init; }

    /// <summary>How often the checkpoint is written while following (<c>--interval</c>, default 2 s).</summary>
    public TimeSpan StateInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// 5 s: a rotated (renamed away) or deleted file is read until it has not grown for this
    /// long, so lines the server writes to its old descriptor after the rotation are not lost;
    /// then it is let go (its descriptor closed).
    /// </summary>
    public TimeSpan RotatedGrace { get; init; } = TimeSpan.FromSeconds(5);
}
