using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace FastLog.Input.Follow;

/// <summary>
/// The <c>--state</c> file: for every followed file, its identity and the offset of the end of
/// the last whole line handed on, so a restart resumes exactly there. Written whole, atomically
/// (temporary file, fsync, rename), never per line.
/// </summary>
/// <remarks>
/// <para>
/// Identity is content, not the inode alone: inode numbers are reused at once on ext4, so a
/// checkpoint keyed by (device, inode) would resume an unrelated new file at an old offset. An
/// entry matches a file when the file is at least as long as the offset, its first bytes (up to
/// 1 KiB) hash the same, and the 32 bytes before the offset hash the same; (device, inode) breaks
/// ties. A file that matches no entry is new and read from its start.
/// </para>
/// <para>
/// Format (version 2), one line each: <c>fastlog-follow-state 2</c>, then per file
/// <c>device inode offset lines prefix-length prefix-hash anchor-length anchor-hash path</c>
/// (<c>lines</c>: lines before the offset, so line numbers go on across a restart; hashes are
/// xxHash64 in hex; the path, last, is a hint for finding the file after a rotation); then, when
/// the run keeps counts across a restart (<see cref="ICheckpointedState"/>),
/// <c>state KIND LENGTH</c> and LENGTH bytes of it with a newline; last <c>end HASH</c>, the
/// XxHash128 of every byte before it, so a damaged file is refused rather than half read.
/// Version 1 (no line counts, no state, no end line) is still read.
/// </para>
/// </remarks>
public static class FollowCheckpoint
{
    private const string HeaderV1 = "fastlog-follow-state 1";
    private const string Header = "fastlog-follow-state 2";

    /// <summary>One followed file at the checkpoint; <paramref name="Lines"/> lines lie before <paramref name="Offset"/>.</summary>
    public sealed record Entry(ulong Device, ulong Inode, long Offset, long Lines, int PrefixLength, ulong PrefixHash, int AnchorLength, ulong AnchorHash, string Path);

    /// <summary>A checkpoint read back: the files, and the counts saved with them (null: none, e.g. a filter run's).</summary>
    public sealed record Saved(List<Entry> Entries, string? StateKind, byte[]? State);

    /// <summary>Reads <paramref name="path"/>; empty when it does not exist.</summary>
    /// <exception cref="InvalidDataException">The file is not a state file, of another version, or damaged.</exception>
    public static Saved Load(string path)
    {
        if (!File.Exists(path)) return new Saved([], null, null);
        var bytes = File.ReadAllBytes(path);
        var firstLine = bytes.AsSpan(0, Math.Max(0, bytes.AsSpan().IndexOf((byte)'\n')));
        if (firstLine.SequenceEqual(Encoding.ASCII.GetBytes(HeaderV1))) return new Saved(ParseEntries(path, Encoding.UTF8.GetString(bytes).Split('\n'), version: 1), null, null);
        if (!firstLine.SequenceEqual(Encoding.ASCII.GetBytes(Header))) throw new InvalidDataException($"{path}: not a fastlog follow state file (expected '{Header}' first)");
        // The end line holds the hash of everything before it: checked before anything is parsed.
        var endAt = bytes.AsSpan(0, bytes.Length - 1).LastIndexOf((byte)'\n') + 1;
        if (bytes[^1] != '\n' || endAt <= 0
            || !TryParseEnd(bytes.AsSpan(endAt, bytes.Length - 1 - endAt), out var hash) || hash != XxHash128.HashToUInt128(bytes.AsSpan(0, endAt)))
            throw new InvalidDataException($"{path}: damaged fastlog follow state file (truncated, or its checksum does not match)");
        var stateAt = IndexOfLine(bytes.AsSpan(0, endAt), "state "u8);
        var entriesEnd = stateAt >= 0 ? stateAt : endAt;
        var entries = ParseEntries(path, Encoding.UTF8.GetString(bytes, 0, entriesEnd).Split('\n'), version: 2);
        if (stateAt < 0) return new Saved(entries, null, null);
        var lineEnd = stateAt + bytes.AsSpan(stateAt).IndexOf((byte)'\n');
        var parts = Encoding.UTF8.GetString(bytes, stateAt, lineEnd - stateAt).Split(' ');
        if (parts.Length != 3 || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var length) || length < 0
            || (long)lineEnd + 1 + length + 1 != endAt || bytes[endAt - 1] != '\n')
            throw new InvalidDataException($"{path}: damaged fastlog follow state file (its saved state does not end where the file says)");
        return new Saved(entries, parts[1], bytes.AsSpan(lineEnd + 1, length).ToArray());
    }

    private static List<Entry> ParseEntries(string path, string[] lines, int version)
    {
        var fields = version == 1 ? 8 : 9;
        var entries = new List<Entry>();
        // Invariant: lines[1, i) were entries (a trailing empty string is the last newline).
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 && i == lines.Length - 1) break;
            var parts = lines[i].Split(' ', fields);
            var at = version == 1 ? 3 : 4; // first field after the offset (and line count)
            long count = 0;
            if (parts.Length != fields
                || !ulong.TryParse(parts[0], CultureInfo.InvariantCulture, out var device)
                || !ulong.TryParse(parts[1], CultureInfo.InvariantCulture, out var inode)
                || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var offset) || offset < 0
                || (version == 2 && (!long.TryParse(parts[3], CultureInfo.InvariantCulture, out count) || count < 0))
                || !int.TryParse(parts[at], CultureInfo.InvariantCulture, out var prefixLength) || prefixLength is < 0 or > FollowedFile.PrefixBytes
                || !ulong.TryParse(parts[at + 1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var prefixHash)
                || !int.TryParse(parts[at + 2], CultureInfo.InvariantCulture, out var anchorLength) || anchorLength is < 0 or > FollowedFile.AnchorBytes
                || !ulong.TryParse(parts[at + 3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var anchorHash))
                throw new InvalidDataException($"{path}: line {i + 1} is not a state entry");
            entries.Add(new Entry(device, inode, offset, count, prefixLength, prefixHash, anchorLength, anchorHash, parts[at + 4]));
        }
        return entries;
    }

    /// <summary>Offset of the line of <paramref name="text"/> that starts with <paramref name="start"/>, or -1.</summary>
    private static int IndexOfLine(ReadOnlySpan<byte> text, ReadOnlySpan<byte> start)
    {
        var at = 0;
        // Invariant: at is the start of a line; the entries before the state are text lines.
        while (at < text.Length)
        {
            if (text[at..].StartsWith(start)) return at;
            var lf = text[at..].IndexOf((byte)'\n');
            if (lf < 0) return -1;
            at += lf + 1;
        }
        return -1;
    }

    private static bool TryParseEnd(ReadOnlySpan<byte> line, out UInt128 hash)
    {
        hash = 0;
        return line.StartsWith("end "u8)
            && UInt128.TryParse(Encoding.ASCII.GetString(line[4..]), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out hash);
    }

    /// <summary>
    /// Writes <paramref name="entries"/> (and <paramref name="state"/>, the counts of a run of
    /// <paramref name="stateKind"/>, when given) to <paramref name="path"/> atomically: a crash
    /// leaves the old checkpoint or the new one, never half of either, and offsets and counts
    /// always agree.
    /// </summary>
    public static void Save(string path, IEnumerable<Entry> entries, string? stateKind = null, byte[]? state = null)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var e in entries)
            text.Append(CultureInfo.InvariantCulture, $"{e.Device} {e.Inode} {e.Offset} {e.Lines} {e.PrefixLength} {e.PrefixHash:x16} {e.AnchorLength} {e.AnchorHash:x16} {e.Path}\n");
        if (state is not null) text.Append(CultureInfo.InvariantCulture, $"state {stateKind} {state.Length}\n");
        var head = Encoding.UTF8.GetBytes(text.ToString());
        var file = new byte[head.Length + (state is null ? 0 : state.Length + 1)];
        head.CopyTo(file, 0);
        if (state is not null)
        {
            state.CopyTo(file, head.Length);
            file[^1] = (byte)'\n';
        }
        var end = Encoding.ASCII.GetBytes($"end {XxHash128.HashToUInt128(file):x32}\n");
        // A fresh name created with O_EXCL: a file or link already at a temporary name (another
        // user's in a shared directory, or a crash's leftover) is never written through.
        string temporary;
        FileStream stream;
        for (var attempt = 0; ; attempt++)
        {
            temporary = $"{path}.{Random.Shared.NextInt64():x16}{TemporarySuffix}";
            try
            {
                stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                break;
            }
            catch (IOException) when (attempt < 3 && File.Exists(temporary))
            {
                // Taken by chance: another name.
            }
        }
        try
        {
            using (stream)
            {
                stream.Write(file);
                stream.Write(end);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private const string TemporarySuffix = ".tmp";

    /// <summary>
    /// Removes the temporary files a killed run left beside <paramref name="path"/>; call with the
    /// <see cref="StateLock"/> held (then no other process is writing one).
    /// </summary>
    internal static void RemoveLeftovers(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            foreach (var leftover in Directory.EnumerateFiles(directory, Path.GetFileName(path) + ".*" + TemporarySuffix))
                if (Path.GetFileName(leftover).Length == Path.GetFileName(path).Length + 1 + 16 + TemporarySuffix.Length) File.Delete(leftover);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Leftovers are only clutter: saving does not need them gone.
        }
    }

    /// <summary>The entry of an open file whose whole lines end at <paramref name="offset"/>.</summary>
    internal static Entry Describe(SafeFileHandle handle, ulong device, ulong inode, long offset, long lines, string path)
    {
        var prefixLength = (int)Math.Min(offset, FollowedFile.PrefixBytes);
        var anchorLength = (int)Math.Min(offset, FollowedFile.AnchorBytes);
        return new Entry(device, inode, offset, lines, prefixLength, Hash(handle, 0, prefixLength), anchorLength, Hash(handle, offset - anchorLength, anchorLength), path);
    }

    /// <summary>True when the file open as <paramref name="handle"/> (of <paramref name="size"/> bytes) is the file <paramref name="entry"/> describes, read up to its offset.</summary>
    internal static bool Matches(SafeFileHandle handle, long size, Entry entry)
        => size >= entry.Offset
            && Hash(handle, 0, entry.PrefixLength) == entry.PrefixHash
            && Hash(handle, entry.Offset - entry.AnchorLength, entry.AnchorLength) == entry.AnchorHash;

    private static ulong Hash(SafeFileHandle handle, long offset, int length)
    {
        Span<byte> bytes = stackalloc byte[FollowedFile.PrefixBytes];
        var read = RandomAccess.Read(handle, bytes[..length], offset);
        return XxHash64.HashToUInt64(bytes[..read]);
    }
}
