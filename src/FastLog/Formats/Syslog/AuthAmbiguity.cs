namespace FastLog.Formats.Syslog;

/// <summary>Why an auth line's peer address could not be read from the line alone (see <see cref="AuthMessage"/>).</summary>
public enum AuthAmbiguity
{
    /// <summary>Not ambiguous.</summary>
    None,
    /// <summary>More than one <c> from ADDR port N sshD</c> followed by the end, <c> [preauth]</c> or <c>: </c> (sshd's auth result grammar).</summary>
    SshdTail,
    /// <summary>More than one <c> rhost=VALUE</c> followed by <c> user=</c> or the end (pam_unix's failure grammar).</summary>
    PamRhost,
}
