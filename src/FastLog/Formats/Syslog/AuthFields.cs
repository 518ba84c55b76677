using FastLog.Columns;

namespace FastLog.Formats.Syslog;

/// <summary>
/// The auth fields of one line as offsets into the line that <see cref="AuthMessage.Parse"/>
/// read. A range whose start is -1 is null.
/// </summary>
public struct AuthFields
{
    /// <summary>The event.</summary>
    public AuthEvent Event;
    /// <summary>User name <c>[UserStart, UserEnd)</c> (attacker-controlled for sshd; may be empty).</summary>
    public int UserStart, UserEnd;
    /// <summary>Peer address literal.</summary>
    public int IpStart, IpEnd;
    /// <summary>Peer port, or -1.</summary>
    public long Port;
    /// <summary>sshd authentication method (<c>password</c>, <c>publickey</c>, …).</summary>
    public int MethodStart, MethodEnd;
    /// <summary>1 when sshd called the user invalid, 0 when it named a valid one, -1 when the line says nothing.</summary>
    public int InvalidUser;
    /// <summary>sudo <c>COMMAND=</c> value.</summary>
    public int CommandStart, CommandEnd;
    /// <summary>
    /// The peer address of a line that names one but is no auth event of its own (sshd's
    /// <c>Connection from IP port N …</c>): context for resolving an ambiguous line of the same
    /// session, never a record field.
    /// </summary>
    public int PeerStart, PeerEnd;
    /// <summary>
    /// Which grammar found more than one possible peer address (user, ip and port are then
    /// null); <see cref="AuthMessage.Resolve"/> picks the one an earlier line of the session named.
    /// </summary>
    public AuthAmbiguity Ambiguity;
    /// <summary>Where the candidates of an ambiguous line lie: <c>[AmbiguousStart, AmbiguousEnd)</c> of the line.</summary>
    public int AmbiguousStart, AmbiguousEnd;

    /// <summary>Failed attempts the line reports: 1, N for PAM's <c>N more authentication failures</c>; 0 for no failure.</summary>
    public long Failures;

    /// <summary>Every field null, event <see cref="AuthEvent.Other"/>.</summary>
    public void Clear()
    {
        Event = AuthEvent.Other;
        UserStart = UserEnd = IpStart = IpEnd = MethodStart = MethodEnd = CommandStart = CommandEnd = PeerStart = PeerEnd = -1;
        Ambiguity = AuthAmbiguity.None;
        AmbiguousStart = AmbiguousEnd = -1;
        Port = -1;
        InvalidUser = -1;
        Failures = 0;
    }
}
