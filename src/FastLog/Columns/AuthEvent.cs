namespace FastLog.Columns;

/// <summary>
/// What an auth-log line records (the <c>event</c> field); docs/formats.md lists the line behind
/// each one. Stored as a code in <see cref="LogField.Event"/>; printed by <see cref="AuthEventNames.Names"/>.
/// </summary>
public enum AuthEvent
{
    /// <summary>A syslog line of an auth program that is none of the events below.</summary>
    Other,
    /// <summary><c>Failed password for [invalid user] U from IP port P ssh2</c>.</summary>
    FailedPassword,
    /// <summary><c>Failed publickey for …</c>.</summary>
    FailedPublickey,
    /// <summary><c>Failed none for …</c>.</summary>
    FailedNone,
    /// <summary><c>Failed keyboard-interactive/pam for …</c> and other failed methods.</summary>
    FailedOther,
    /// <summary><c>Accepted METHOD for U from IP port P ssh2</c>.</summary>
    Accepted,
    /// <summary><c>Invalid user U from IP [port P]</c>.</summary>
    InvalidUser,
    /// <summary><c>Did not receive identification string from IP</c>.</summary>
    NoIdentification,
    /// <summary><c>Connection closed by [authenticating|invalid user U] IP port P [preauth]</c>.</summary>
    ConnectionClosed,
    /// <summary><c>Disconnected from …</c> / <c>Received disconnect from …</c>.</summary>
    Disconnected,
    /// <summary><c>error: maximum authentication attempts exceeded for …</c>.</summary>
    MaxAuthAttempts,
    /// <summary><c>pam_unix(sshd:auth): authentication failure; … rhost=IP user=U</c>.</summary>
    PamAuthFailure,
    /// <summary><c>sudo: U : TTY=… ; COMMAND=…</c>.</summary>
    SudoCommand,
    /// <summary><c>sudo: U : user NOT in sudoers ; …</c> or an incorrect sudo password.</summary>
    SudoDenied,
    /// <summary><c>useradd[…]: new user: name=U, UID=…</c>.</summary>
    NewUser,
    /// <summary><c>pam_unix(…:session): session opened for user U</c>.</summary>
    SessionOpened,
    /// <summary><c>pam_unix(…:session): session closed for user U</c>.</summary>
    SessionClosed,
}

/// <summary>Names of <see cref="AuthEvent"/> values as the <c>event</c> field prints them.</summary>
public static class AuthEventNames
{
    /// <summary>Snake-case name of each code, indexed by <see cref="AuthEvent"/>.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "other", "failed_password", "failed_publickey", "failed_none", "failed_other", "accepted",
        "invalid_user", "no_identification", "connection_closed", "disconnected", "max_auth_attempts",
        "pam_auth_failure", "sudo_command", "sudo_denied", "new_user", "session_opened", "session_closed",
    ];

    /// <summary>True for the events that count as a failed login (rules L2–L4).</summary>
    public static bool IsFailure(AuthEvent e) => e is AuthEvent.FailedPassword or AuthEvent.FailedPublickey
        or AuthEvent.FailedNone or AuthEvent.FailedOther or AuthEvent.InvalidUser or AuthEvent.PamAuthFailure;
}
