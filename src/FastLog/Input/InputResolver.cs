using Microsoft.Win32.SafeHandles;

namespace FastLog.Input;

/// <summary>
/// Expands command-line inputs: files, directories (their regular files, recursively, sorted
/// bytewise by path; symbolic links to directories are not followed, so a link loop cannot
/// make the walk endless), gzip files (recognised by their magic bytes) and <c>-</c> for stdin.
/// No inputs means stdin.
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
                var files = Directory.GetFiles(arg, "*", new EnumerationOptions
                {
                    RecurseSubdirectories = true,
                    AttributesToSkip = FileAttributes.ReparsePoint,
                    IgnoreInaccessible = false,
                });
                Array.Sort(files, StringComparer.Ordinal);
                foreach (var file in files) AddFile(file, result, errors);
            }
            else
            {
                AddFile(arg, result, errors);
            }
        }
        return result;
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
