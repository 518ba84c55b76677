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
/// Format, one line each: <c>fastlog-follow-state 1</c>, then per file
/// <c>device inode offset prefix-length prefix-hash anchor-length anchor-hash path</c>
/// (hashes are xxHash64 in hex; the path, last, is a hint for finding the file after a rotation).
/// </para>
/// </remarks>
public static class FollowCheckpoint
{
    private const string Header = "fastlog-follow-state 1";

    /// <summary>One followed file at the checkpoint.</summary>
    public sealed record Entry(ulong Device, ulong Inode, long Offset, int PrefixLength, ulong PrefixHash, int AnchorLength, ulong AnchorHash, string Path);

    /// <summary>Reads <paramref name="path"/>; empty when it does not exist.</summary>
    /// <exception cref="InvalidDataException">The file is not a state file of this version.</exception>
    public static List<Entry> Load(string path)
    {
        if (!File.Exists(path)) return [];
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header) throw new InvalidDataException($"{path}: not a fastlog follow state file (expected '{Header}' first)");
        var entries = new List<Entry>();
        for (var i = 1; i < lines.Length; i++)
        {
            var parts = lines[i].Split(' ', 8);
            if (parts.Length != 8
                || !ulong.TryParse(parts[0], CultureInfo.InvariantCulture, out var device)
                || !ulong.TryParse(parts[1], CultureInfo.InvariantCulture, out var inode)
                || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var offset) || offset < 0
                || !int.TryParse(parts[3], CultureInfo.InvariantCulture, out var prefixLength) || prefixLength is < 0 or > FollowedFile.PrefixBytes
                || !ulong.TryParse(parts[4], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var prefixHash)
                || !int.TryParse(parts[5], CultureInfo.InvariantCulture, out var anchorLength) || anchorLength is < 0 or > FollowedFile.AnchorBytes
                || !ulong.TryParse(parts[6], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var anchorHash))
                throw new InvalidDataException($"{path}: line {i + 1} is not a state entry");
            entries.Add(new Entry(device, inode, offset, prefixLength, prefixHash, anchorLength, anchorHash, parts[7]));
        }
        return entries;
    }

    /// <summary>Writes <paramref name="entries"/> to <paramref name="path"/> atomically: a crash leaves the old state or the new one, never half of either.</summary>
    public static void Save(string path, IEnumerable<Entry> entries)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var e in entries)
            text.Append(CultureInfo.InvariantCulture, $"{e.Device} {e.Inode} {e.Offset} {e.PrefixLength} {e.PrefixHash:x16} {e.AnchorLength} {e.AnchorHash:x16} {e.Path}\n");
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
                stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
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
    internal static Entry Describe(SafeFileHandle handle, ulong device, ulong inode, long offset, string path)
    {
        var prefixLength = (int)Math.Min(offset, FollowedFile.PrefixBytes);
        var anchorLength = (int)Math.Min(offset, FollowedFile.AnchorBytes);
        return new Entry(device, inode, offset, prefixLength, Hash(handle, 0, prefixLength), anchorLength, Hash(handle, offset - anchorLength, anchorLength), path);
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
