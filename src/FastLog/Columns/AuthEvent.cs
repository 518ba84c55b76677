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
    /// <summary>sshd <c>error: PAM: User not known to the underlying authentication module for [illegal user ]U from HOST</c>.</summary>
    PamUserUnknown,
    /// <summary>PAM <c>[PAM ]N more authentication failures; … rhost=H  user=U</c>: N failures after the first of a connection.</summary>
    PamMoreFailures,
    /// <summary><c>unix_chkpwd[…]: password check failed for user (U)</c>.</summary>
    PasswordCheckFailed,
    /// <summary><c>pam_faillock(…): Consecutive login failures for user U account temporarily locked</c>.</summary>
    AccountLocked,
    /// <summary><c>passwd</c>/<c>chpasswd</c> <c>pam_unix(…:chauthtok): password changed for U</c>.</summary>
    PasswordChanged,
    /// <summary><c>userdel[…]: delete user 'U'</c>.</summary>
    UserDeleted,
    /// <summary><c>usermod[…]: change user 'U' …</c>.</summary>
    UserChanged,
    /// <summary><c>usermod[…]: add 'U' to [shadow ]group 'G'</c>.</summary>
    GroupMemberAdded,
    /// <summary><c>groupadd[…]: group added to /etc/group: name=G, GID=N</c> or <c>new group: name=G, GID=N</c>.</summary>
    GroupAdded,
    /// <summary><c>useradd[…]: failed adding user 'U', data deleted</c>.</summary>
    UserAddFailed,
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
        "pam_user_unknown", "pam_more_failures", "password_check_failed", "account_locked", "password_changed",
        "user_deleted", "user_changed", "group_member_added", "group_added", "user_add_failed",
    ];

    /// <summary>True for the events that count as a failed login (rules L2–L4; weighed by the <c>failures</c> field).</summary>
    public static bool IsFailure(AuthEvent e) => e is AuthEvent.FailedPassword or AuthEvent.FailedPublickey
        or AuthEvent.FailedNone or AuthEvent.FailedOther or AuthEvent.InvalidUser or AuthEvent.PamAuthFailure
        or AuthEvent.PamUserUnknown or AuthEvent.PamMoreFailures or AuthEvent.PasswordCheckFailed;

    /// <summary>
    /// Which witness of a failed attempt an event is (<see cref="FailureWitness"/>), for counting
    /// each attempt once per sshd session; null for events that are no failure.
    /// </summary>
    public static FailureWitness? WitnessOf(AuthEvent e) => e switch
    {
        AuthEvent.FailedPassword or AuthEvent.FailedPublickey or AuthEvent.FailedNone or AuthEvent.FailedOther => FailureWitness.Sshd,
        AuthEvent.InvalidUser => FailureWitness.InvalidUser,
        AuthEvent.PamAuthFailure or AuthEvent.PamUserUnknown or AuthEvent.PamMoreFailures or AuthEvent.PasswordCheckFailed => FailureWitness.Pam,
        _ => null,
    };
}

/// <summary>
/// The three kinds of line that report the same failed attempts of one sshd connection: sshd's
/// own <c>Failed METHOD</c> lines (one per attempt), its <c>Invalid user</c> line (once, before
/// the attempts), and PAM's lines (the first failure, then <c>N more</c> at the end).
/// </summary>
public enum FailureWitness
{
    /// <summary>sshd <c>Failed METHOD for …</c>.</summary>
    Sshd,
    /// <summary>sshd <c>Invalid user U from IP</c>.</summary>
    InvalidUser,
    /// <summary>PAM failure lines.</summary>
    Pam,
}
