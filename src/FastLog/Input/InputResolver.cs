namespace FastLog.Input;

/// <summary>
/// Expands command-line inputs: files, directories (their regular files, recursively, sorted
/// bytewise by path; symbolic links to directories are not followed, so a link loop cannot
/// make the walk endless), gzip files (recognised by their magic bytes) and <c>-</c> for stdin.
/// No inputs means stdin.
/// </summary>
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
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = RandomAccess.GetLength(handle);
            Span<byte> magic = stackalloc byte[2];
            var kind = length >= 2 && RandomAccess.Read(handle, magic, 0) == 2 && magic[0] == 0x1F && magic[1] == 0x8B
                ? InputKind.Gzip
                : InputKind.File;
            result.Add(new InputSource(result.Count, path, kind, length));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{path}: {e.Message}");
        }
    }
}
