using System.Text;
using FastLog.Diagnostics;
using FastLog.Formats;

namespace FastLog.Tests.Formats;

/// <summary>The syslog header (RFC 3164, RFC 3339 stamps, RFC 5424), repeats, years and malformed lines.</summary>
public class SyslogHeaderTests
{
    private static long Unix(int y, int mo, int d, int h, int mi, int s, int offsetMinutes = 0)
        => new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.FromMinutes(offsetMinutes)).ToUnixTimeSeconds();

    [Fact]
    public void Rfc3164_WithoutPri_ReadsEveryField()
    {
        var r = SyslogTestParser.One("Feb 21 21:54:44 localhost sshd[3402]: Accepted publickey for vagrant from 10.0.2.2 port 63673 ssh2", auth: false);
        Assert.Equal(Unix(2024, 2, 21, 21, 54, 44), r.Ts);
        Assert.Equal("localhost", r.Host);
        Assert.Equal("sshd", r.App);
        Assert.Equal(3402, r.Pid);
        Assert.Null(r.Severity);
        Assert.Null(r.Facility);
        Assert.Null(r.MsgId);
        Assert.Equal("Accepted publickey for vagrant from 10.0.2.2 port 63673 ssh2", r.Msg);
        Assert.Equal(1, r.Repeat);
        Assert.Null(r.Event); // syslog format has no auth fields
    }

    /// <summary>Issue 13.9: an empty HOST (two spaces after the stamp, then a TAG) is host null, not bad_header.</summary>
    [Theory]
    [InlineData("Feb 22 10:21:43  sshd[1332]: Failed password for root from 192.0.2.7 port 4242 ssh2", "sshd", 1332L, "Failed password for root from 192.0.2.7 port 4242 ssh2")]
    [InlineData("Feb  2 10:21:43  kernel: [ 0.000000] Linux version 6.1", "kernel", null, "[ 0.000000] Linux version 6.1")]
    [InlineData("<38>Feb 22 10:21:43  sudo[77]: pam_unix(sudo:session): session opened", "sudo", 77L, "pam_unix(sudo:session): session opened")]
    [InlineData("2024-02-22T10:21:43+00:00  CRON[5]: (root) CMD (true)", "CRON", 5L, "(root) CMD (true)")]
    public void Rfc3164_EmptyHost_IsNull_AndTheTagStillReads(string line, string app, long? pid, string msg)
    {
        var r = SyslogTestParser.One(line, auth: false);
        Assert.Null(r.Host);
        Assert.Equal(app, r.App);
        Assert.Equal(pid, r.Pid);
        Assert.Equal(msg, r.Msg);
    }

    [Fact]
    public void Rfc3164_TwoSpacesBeforeAHostName_AreOneSeparator()
    {
        var r = SyslogTestParser.One("Feb 22 10:21:43  web01 sshd[9]: Accepted publickey for a from 192.0.2.1 port 1 ssh2", auth: false);
        Assert.Equal("web01", r.Host);
        Assert.Equal("sshd", r.App);
        Assert.Equal(9, r.Pid);
    }

    [Fact]
    public void AuthLog_WithEmptyHost_StillGivesEventsAndAddresses()
    {
        var r = SyslogTestParser.One("Feb 22 10:21:43  sshd[1332]: Failed password for invalid user admin from 198.51.100.9 port 4242 ssh2");
        Assert.Null(r.Host);
        Assert.NotNull(r.Event);
        Assert.Equal("198.51.100.9", r.Ip);
    }

    [Fact]
    public void Rfc3164_SpacePaddedAndUnpaddedDays()
    {
        Assert.Equal(Unix(2024, 7, 3, 4, 5, 6), SyslogTestParser.One("Jul  3 04:05:06 combo kernel: x", auth: false).Ts);
        Assert.Equal(Unix(2024, 6, 7, 1, 11, 58), SyslogTestParser.One("Jun 7 01:11:58 host sshd[8783]: x", auth: false).Ts);
    }

    [Fact]
    public void Rfc3164_WithPri_GivesFacilityAndSeverity()
    {
        var r = SyslogTestParser.One("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", auth: false);
        Assert.Equal(4, r.Facility);
        Assert.Equal(2, r.Severity);
        Assert.Equal("su", r.App);
        Assert.Null(r.Pid);
        Assert.Equal("'su root' failed for lonvick on /dev/pts/8", r.Msg);
    }

    [Fact]
    public void Rfc3339Stamp_WithFractionAndOffset()
    {
        var r = SyslogTestParser.One("2024-01-01T12:00:00.123456+02:00 host sshd[1]: hello", auth: false);
        Assert.Equal(Unix(2024, 1, 1, 12, 0, 0, 120), r.Ts);
        Assert.Equal("host", r.Host);
        Assert.Equal("sshd", r.App);
        Assert.Equal(1, r.Pid);
        Assert.Equal("hello", r.Msg);
    }

    [Fact]
    public void Rfc5424_VrlExample_SkipsStructuredData()
    {
        var r = SyslogTestParser.One("<13>1 2020-03-13T20:45:38.119Z dynamicwireless.name non 2426 ID931 [exampleSDID@32473 iut=\"3\" eventSource= \"Application\" eventID=\"1011\"] Try to override the THX port", auth: false);
        Assert.Equal(Unix(2020, 3, 13, 20, 45, 38), r.Ts);
        Assert.Equal(1, r.Facility);
        Assert.Equal(5, r.Severity);
        Assert.Equal("dynamicwireless.name", r.Host);
        Assert.Equal("non", r.App);
        Assert.Equal(2426, r.Pid);
        Assert.Equal("ID931", r.MsgId);
        Assert.Equal("Try to override the THX port", r.Msg);
    }

    [Fact]
    public void Rfc5424_EscapedStructuredData_Bom_AndNilValues()
    {
        var r = SyslogTestParser.One("<165>1 2003-10-11T22:14:15.003Z - - - - [a@1 x=\"q\\\"uote \\] br\\\\\"][b@2 y=\"]\"] \uFEFFBOM message", auth: false);
        Assert.Null(r.Host);
        Assert.Null(r.App);
        Assert.Null(r.Pid);
        Assert.Null(r.MsgId);
        Assert.Equal("BOM message", r.Msg);
        Assert.Equal(20, r.Facility);
        Assert.Equal(5, r.Severity);

        var noMsg = SyslogTestParser.One("<13>1 2003-10-11T22:14:15Z host app abc - -", auth: false);
        Assert.Null(noMsg.Pid); // PROCID not numeric
        Assert.Equal("", noMsg.Msg);
    }

    [Fact]
    public void Rfc6587_OctetCountingPrefix()
    {
        var r = SyslogTestParser.One("65 <13>1 2003-10-11T22:14:15Z host app 12 - - msg", auth: false);
        Assert.Equal("host", r.Host);
        Assert.Equal(12, r.Pid);
        Assert.Equal("msg", r.Msg);
    }

    [Theory]
    [InlineData("<999>Oct 11 22:14:15 host app: x", MalformedReason.BadHeader)]
    [InlineData("<>Oct 11 22:14:15 host app: x", MalformedReason.BadHeader)]
    [InlineData("<-1>Oct 11 22:14:15 host app: x", MalformedReason.BadHeader)]
    [InlineData("<013>Oct 11 22:14:15 host app: x", MalformedReason.BadHeader)]
    [InlineData("<13>1 - host app - - - nil timestamp", MalformedReason.BadTime)]
    [InlineData("<13>1 2003-10-11T22:14:15Z host app - - [unclosed x=\"]", MalformedReason.BadHeader)]
    [InlineData("<13>1 2003-10-11T22:14:15Z host app - -x", MalformedReason.BadHeader)]
    [InlineData("Feb 30 10:00:00 host app: impossible day", MalformedReason.BadTime)]
    [InlineData("Feb 29 10:00:00 host app: 2023 is not a leap year", MalformedReason.BadTime)]
    [InlineData("Jan  1 24:00:00 host app: hour 24", MalformedReason.BadTime)]
    [InlineData("2024-13-01T00:00:00Z host app: month 13", MalformedReason.BadTime)]
    [InlineData("2024-01-01T00:00:00+25:00 host app: offset", MalformedReason.BadTime)]
    [InlineData("Foo 11 22:14:15 host app: x", MalformedReason.BadHeader)]
    [InlineData("# a comment line", MalformedReason.BadHeader)]
    [InlineData("Oct 11 22:14:15", MalformedReason.BadHeader)]
    [InlineData("Oct 11 22:14:15 hostonly", MalformedReason.BadHeader)]
    [InlineData("127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1", MalformedReason.BadHeader)]
    [InlineData("srv sshd[1]: journal line without a timestamp", MalformedReason.BadHeader)]
    public void MalformedLines_AreCountedWithReason(string line, MalformedReason reason)
    {
        var (records, counters) = SyslogTestParser.Parse(line + "\n", settings: new FormatSettings { Year = 2023 });
        Assert.Empty(records);
        Assert.Equal(1, counters.MalformedByReason[(int)reason]);
    }

    [Fact]
    public void Feb29_IsAcceptedInALeapYear()
        => Assert.Equal(Unix(2024, 2, 29, 10, 0, 0), SyslogTestParser.One("Feb 29 10:00:00 host app: leap").Ts);

    [Fact]
    public void YearRollover_DecemberLinesReadInJanuaryBelongToThePreviousYear()
    {
        // Reference time (the file's mtime) 2025-01-05: Dec 31 is 2024, Jan 1 is 2025, whatever the line order or chunking.
        var settings = new FormatSettings { ReferenceTimes = [Unix(2025, 1, 5, 0, 0, 0)] };
        var (records, _) = SyslogTestParser.Parse("Dec 31 23:59:59 h a: x\nJan  1 00:00:01 h a: y\n", settings: settings);
        Assert.Equal(Unix(2024, 12, 31, 23, 59, 59), records[0].Ts);
        Assert.Equal(Unix(2025, 1, 1, 0, 0, 1), records[1].Ts);
        Assert.True(records[1].Ts > records[0].Ts);

        // --year wins over the reference time.
        var forced = new FormatSettings { Year = 2019, ReferenceTimes = [Unix(2025, 1, 5, 0, 0, 0)] };
        Assert.Equal(Unix(2019, 12, 31, 23, 59, 59), SyslogTestParser.One("Dec 31 23:59:59 h a: x", settings: forced).Ts);
    }

    [Fact]
    public void RsyslogRepeat_IsOneRecordOfTheBody_WeightedByN()
    {
        const string Line = "Mar 29 23:18:33 ip-10-77-20-248 sshd[6402]: message repeated 5 times: [ Failed password for root from 218.60.136.106 port 56338 ssh2]";
        var r = SyslogTestParser.One(Line);
        Assert.Equal(5, r.Repeat);
        Assert.Equal("Failed password for root from 218.60.136.106 port 56338 ssh2", r.Msg);
        Assert.Equal("failed_password", r.Event);
        Assert.Equal("218.60.136.106", r.Ip);
        Assert.Equal("root", r.User);

        var once = SyslogTestParser.One(Line, settings: new FormatSettings { Year = 2024, ExpandRepeats = false });
        Assert.Equal(1, once.Repeat);
        Assert.Equal("failed_password", once.Event);
    }

    [Fact]
    public void LegacyLastMessageRepeated_IsAttributedToNothing()
    {
        var r = SyslogTestParser.One("Mar  1 10:00:00 host last message repeated 3 times");
        Assert.Null(r.App);
        Assert.Equal(3, r.Repeat);
        Assert.Equal("last message repeated 3 times", r.Msg);
        Assert.Equal("other", r.Event);
        Assert.Equal(1, SyslogTestParser.One("Mar  1 10:00:00 host last message repeated 3 times", settings: new FormatSettings { Year = 2024, ExpandRepeats = false }).Repeat);
    }

    [Fact]
    public void OddTags_LoghubShapes()
    {
        var pam = SyslogTestParser.One("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ", auth: false);
        Assert.Equal("sshd(pam_unix)", pam.App);
        Assert.Equal(19939, pam.Pid);
        var spaced = SyslogTestParser.One("Jun 14 15:16:01 combo syslogd 1.4.1: restart.", auth: false);
        Assert.Equal("syslogd", spaced.App);
        Assert.Equal("1.4.1: restart.", spaced.Msg);
        var untagged = SyslogTestParser.One("Jul 27 14:41:57 combo  -- root[2421]: ROOT LOGIN ON tty2", auth: false);
        Assert.Null(untagged.App);
        Assert.Equal("-- root[2421]: ROOT LOGIN ON tty2", untagged.Msg);
    }

    [Fact]
    public void CrLf_BlankLines_AndNoFinalNewline()
    {
        var (records, counters) = SyslogTestParser.Parse("Jan  1 00:00:00 h a[1]: x\r\n\r\n\nJan  1 00:00:01 h a[2]: y", auth: false);
        Assert.Equal(2, records.Count);
        Assert.Equal(2, counters.Blank);
        Assert.Equal("x", records[0].Msg);
        Assert.Equal("y", records[1].Msg);
    }

    [Fact]
    public void NulBytes_AreData()
    {
        var r = SyslogTestParser.One("Jan  1 00:00:00 h app[1]: a\0b from \0 Failed password", auth: false);
        Assert.Equal("a\0b from \0 Failed password", r.Msg);
        // NULs at the start of the input are a NUL region (counted once, not a line), then a blank line.
        var (records, counters) = SyslogTestParser.Parse(Encoding.UTF8.GetBytes("\0\0\0\nJan  1 00:00:00 h\0st sshd[1]: Invalid user \0 from 1.2.3.4\n"));
        Assert.Equal(1, counters.NulRegions);
        Assert.Equal(1, counters.Blank);
        Assert.Equal(0, counters.Malformed);
        var r2 = Assert.Single(records);
        Assert.Equal("h\0st", r2.Host);
        Assert.Equal("\0", r2.User);
        Assert.Equal("1.2.3.4", r2.Ip);
    }

    [Fact]
    public void VeryLongLines_ParseOrAreLineTooLong()
    {
        var longUser = new string('A', 200_000);
        var r = SyslogTestParser.One($"Jan  1 00:00:00 h sshd[1]: Failed password for invalid user {longUser} from 1.2.3.4 port 5 ssh2");
        Assert.Equal(longUser, r.User);
        Assert.Equal("1.2.3.4", r.Ip);
        var from = string.Concat(Enumerable.Repeat(" from 6.6.6.6 port 1 ssh2 x", 20_000));
        var spoof = SyslogTestParser.One($"Jan  1 00:00:00 h sshd[1]: Failed password for invalid user{from} from 203.0.113.9 port 22 ssh2");
        Assert.Equal("203.0.113.9", spoof.Ip);

        var (records, counters) = SyslogTestParser.Parse($"Jan  1 00:00:00 h app: {new string('x', 2 << 20)}\nJan  1 00:00:00 h app: next\n");
        Assert.Equal(1, counters.MalformedByReason[(int)MalformedReason.LineTooLong]);
        Assert.Equal("next", Assert.Single(records).Msg);
    }

    [Theory]
    [InlineData("Apr  2 17:51:32 <4.6> pancake sshd[55628]: Invalid user r00t from 192.0.2.100", 4L, 6L)]
    [InlineData("Mar 19 23:48:18 <auth.info> pancake sshd[55517]: Invalid user r00t from 183.60.159.20", 4L, 6L)]
    public void FreeBsdVerbosePriority_AfterTheStamp(string line, long facility, long severity)
    {
        var r = SyslogTestParser.One(line);
        Assert.Equal("pancake", r.Host);
        Assert.Equal("sshd", r.App);
        Assert.Equal(facility, r.Facility);
        Assert.Equal(severity, r.Severity);
        Assert.Equal("invalid_user", r.Event);
    }
}
