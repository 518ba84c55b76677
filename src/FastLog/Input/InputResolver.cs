using Microsoft.Win32.SafeHandles;

namespace FastLog.Input;

/// <summary>
/// Expands command-line inputs: files, directories (their regular files and links to them,
/// recursively, sorted bytewise by path; symbolic links to directories are not followed, so a
/// link loop cannot make the walk endless), gzip files (recognised by their magic bytes) and
/// <c>-</c> for stdin. No inputs means stdin. Whatever cannot be read — a directory that cannot
/// be listed, a file that cannot be opened, a dangling link — is one error naming its path,
/// and the rest is read.
/// </summary>
/// <remarks>
/// How a file is read is decided from what it is once open (its type and size from
/// <see cref="FileStatus"/>, else its seekability), never from its name: a regular file with a
/// size is split into chunks; a pipe (FIFO, <c>&lt;(…)</c>, <c>/dev/stdin</c> on a pipe) is held
/// open and streamed; a device or a file that reports size 0 (<c>/proc</c>) is streamed to its
/// end, capped at <see cref="InputSource.MaxUnsizedBytes"/>.
/// </remarks>
public static class InputResolver
{
    /// <summary>Resolves <paramref name="args"/>; unreadable inputs go to <paramref name="errors"/> and are skipped.</summary>
    public static List<InputSource> Resolve(IReadOnlyList<string> args, List<string> errors)
    {
        var result = new List<InputSource>();
        if (args.Count == 0)
        {
            result.Add(new InputSource(0, "-", InputKind.Stdin, -1));
            return result;
        }
        foreach (var arg in args)
        {
            if (arg == "-")
            {
                result.Add(new InputSource(result.Count, "-", InputKind.Stdin, -1));
            }
            else if (Directory.Exists(arg))
            {
                var files = Walk(arg, errors);
                files.Sort(StringComparer.Ordinal);
                foreach (var file in files) AddFile(file, result, errors);
            }
            else
            {
                AddFile(arg, result, errors);
            }
        }
        return result;
    }

    /// <summary>One directory level, hidden entries included; links are told apart by <see cref="FileAttributes.ReparsePoint"/>.</summary>
    private static readonly EnumerationOptions s_oneLevel = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
    };

    /// <summary>
    /// The files to read under <paramref name="root"/>: regular files and links to them, in no
    /// order. A directory that cannot be listed is one error and the walk goes on; a link that
    /// leads nowhere (dangling, a loop) is listed so that opening it reports the error. Links to
    /// directories are not followed, and FIFOs, sockets and devices found in a directory are
    /// skipped (opening a FIFO nobody writes would wait forever); given by name, they are read.
    /// </summary>
    private static List<string> Walk(string root, List<string> errors)
    {
        var files = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        // Invariant: only real directories are pushed, never links, so each directory of the
        // tree is listed once and the walk ends.
        while (pending.TryPop(out var directory))
        {
            IEnumerator<FileSystemInfo>? entries = null;
            try
            {
                entries = new DirectoryInfo(directory).EnumerateFileSystemInfos("*", s_oneLevel).GetEnumerator();
                while (entries.MoveNext())
                {
                    var entry = entries.Current;
                    var link = entry.Attributes.HasFlag(FileAttributes.ReparsePoint);
                    if (entry is DirectoryInfo && !link)
                    {
                        pending.Push(Path.Join(directory, entry.Name));
                        continue;
                    }
                    var path = Path.Join(directory, entry.Name);
                    // The type of what the entry leads to; when that cannot be read the entry is
                    // kept, and opening it says why.
                    if (!FileStatus.TryGet(path, out var status) || status.Type is FileType.Regular) files.Add(path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{directory}: {InputError.Describe(e)}");
            }
            finally
            {
                entries?.Dispose();
            }
        }
        return files;
    }

    private static void AddFile(string path, List<InputSource> result, List<string> errors)
    {
        SafeFileHandle? handle = null;
        try
        {
            // Opening a FIFO blocks until a writer opens it, as cat does.
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            FileStatus? status = FileStatus.TryGet(handle, out var s) ? s : null;
            var type = status?.Type ?? FileType.Unknown;
            var length = type == FileType.Unknown ? LengthOrPipe(handle) : status!.Value.Size;
            if (type is FileType.Fifo or FileType.Socket || length < 0)
            {
                // A pipe: its bytes can be read once, so the open handle is the input.
                result.Add(new InputSource(result.Count, path, InputKind.Pipe, -1, status, new PipeInput(handle)));
                handle = null;
                return;
            }
            if (type is not (FileType.Regular or FileType.Unknown) || length == 0)
            {
                // /proc files report size 0 and still have content; devices have no size at all.
                result.Add(new InputSource(result.Count, path, InputKind.Unsized, 0, status));
                return;
            }
            Span<byte> magic = stackalloc byte[2];
            var kind = length >= 2 && RandomAccess.Read(handle, magic, 0) == 2 && magic[0] == 0x1F && magic[1] == 0x8B
                ? InputKind.Gzip
                : InputKind.File;
            result.Add(new InputSource(result.Count, path, kind, length, status));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{path}: {InputError.Describe(e)}");
        }
        finally
        {
            handle?.Dispose();
        }
    }

    /// <summary>Without <see cref="FileStatus"/>: the length of a seekable file, or -1 for a pipe (which cannot seek).</summary>
    private static long LengthOrPipe(SafeFileHandle handle)
    {
        try
        {
            return RandomAccess.GetLength(handle);
        }
        catch (NotSupportedException)
        {
            return -1;
        }
    }
}
