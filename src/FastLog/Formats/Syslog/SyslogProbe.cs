using FastLog.Scanning;

namespace FastLog.Formats.Syslog;

/// <summary>
/// Detection of syslog and auth logs from an input's first lines: how many lines have a syslog
/// header, and how many of those come from an auth program.
/// </summary>
/// <remarks>
/// Auth wins when at least half of the syslog lines of the sample come from a program that
/// writes to the auth facility (<see cref="IsAuthProgram"/>: sshd, sudo, su, useradd, CRON,
/// systemd-logind…) under its plain name, as in Debian's auth.log and RHEL's secure. A general
/// <c>/var/log/messages</c> mixes kernel, ftpd and other daemons; loghub's Linux_2k.log names
/// PAM lines <c>sshd(pam_unix)</c>, which is not a plain program name, so it reads as syslog
/// (with <c>--format auth</c> those lines are still parsed as auth events).
/// </remarks>
public static class SyslogProbe
{
    /// <summary>Counts the sample's syslog lines and, among them, those of auth programs.</summary>
    public static (long Syslog, long Auth) Count(ReadOnlySpan<byte> sample, FormatSettings settings)
    {
        var lines = FormatDetector.TakeLines(sample);
        var years = SyslogTimestamp.YearRule.For(settings, 0);
        var header = default(SyslogLine);
        long syslog = 0, auth = 0;
        var start = 0;
        // Invariant: start is the first byte of a line of `lines`, which ends with LF.
        while (start < lines.Length)
        {
            var end = start + lines[start..].IndexOf(ByteSets.Lf);
            var line = lines[start..end];
            if (line.Length > 0 && line[^1] == ByteSets.Cr) line = line[..^1];
            if (line.Length > 0 && SyslogHeader.TryParse(line, years, true, ref header, out _))
            {
                syslog++;
                if (header.AppStart >= 0 && IsAuthProgram(line[header.AppStart..header.AppEnd])) auth++;
            }
            start = end + 1;
        }
        return (syslog, auth);
    }

    /// <summary>True for the plain name of a program that logs authentication to the auth facility.</summary>
    public static bool IsAuthProgram(ReadOnlySpan<byte> app)
        => app.SequenceEqual("sshd"u8) || app.SequenceEqual("sshd-session"u8) || app.SequenceEqual("sshd-auth"u8)
        || app.SequenceEqual("sudo"u8) || app.SequenceEqual("su"u8) || app.SequenceEqual("login"u8)
        || app.SequenceEqual("useradd"u8) || app.SequenceEqual("userdel"u8) || app.SequenceEqual("usermod"u8)
        || app.SequenceEqual("groupadd"u8) || app.SequenceEqual("groupdel"u8) || app.SequenceEqual("passwd"u8)
        || app.SequenceEqual("chpasswd"u8) || app.SequenceEqual("chage"u8) || app.SequenceEqual("CRON"u8)
        || app.SequenceEqual("cron"u8) || app.SequenceEqual("systemd-logind"u8) || app.SequenceEqual("polkitd"u8)
        || app.SequenceEqual("pkexec"u8) || app.SequenceEqual("unix_chkpwd"u8);
}
