namespace FastLog.Input;

/// <summary>The text of an input's failure for a one-line error that already names the path.</summary>
public static class InputError
{
    /// <summary>
    /// What went wrong, without the path (.NET's messages repeat it: "Could not find file '…'").
    /// </summary>
    public static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file or directory",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };
}
