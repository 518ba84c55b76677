namespace FastLog.Input;

/// <summary>The text of an input's failure for a one-line error that already names the path.</summary>
public static class InputError
{
    /// <summary>
    /// What went wrong, without the path: .NET's messages repeat it ("Could not find file '…'",
    /// "Too many levels of symbolic links : '…'").
    /// </summary>
    public static string Describe(Exception e)
    {
        switch (e)
        {
            case FileNotFoundException or DirectoryNotFoundException:
                return "no such file or directory";
            case UnauthorizedAccessException:
                return "permission denied";
        }
        var message = e.Message;
        var path = message.LastIndexOf(" : '", StringComparison.Ordinal);
        return path > 0 && message.EndsWith('\'') ? message[..path] : message;
    }
}
