namespace FastLog.Aggregation.Classification;

/// <summary>
/// Static files vs pages by the extension of the path's last segment, case-insensitive; the
/// list is GoAccess's default static-file list.
/// </summary>
public static class StaticFileClassifier
{
    private static readonly HashSet<string> s_extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "css", "js", "jpg", "png", "gif", "ico", "jpeg", "pdf", "txt", "csv", "zip", "mp3", "mp4", "mpeg", "mpg",
        "exe", "swf", "woff", "woff2", "xls", "xlsx", "doc", "docx", "flv", "ogg", "ppt", "pptx", "bz2", "tar",
        "gz", "rar", "tgz", "7z", "bmp", "svg", "ttf", "svgz", "webp", "otf", "eot", "mid", "midi", "avi", "wav",
        "webm", "map",
    };

    /// <summary>True when <paramref name="path"/> names a static file.</summary>
    public static bool IsStatic(ReadOnlySpan<byte> path)
    {
        var slash = path.LastIndexOf((byte)'/');
        var last = path[(slash + 1)..];
        var dot = last.LastIndexOf((byte)'.');
        if (dot < 0 || last.Length - dot - 1 is 0 or > 5) return false;
        Span<char> ext = stackalloc char[5];
        var extension = last[(dot + 1)..];
        for (var i = 0; i < extension.Length; i++) ext[i] = (char)extension[i];
        return s_extensions.GetAlternateLookup<ReadOnlySpan<char>>().Contains(ext[..extension.Length]);
    }
}
