using FastLog.Generation.Sampling;

namespace FastLog.Generation.Syslog;

// Pieces the messages are made of: postfix lines, printk uptimes, addresses, ids, timestamps, relayed RFC 5424 lines.
internal sealed partial class SyslogSegmentGenerator
{
    private void Postfix(ref ByteCursor c, Context x)
    {
        var bits = x.Bits;
        var v = x.Variant;
        switch (v % 7)
        {
            case 0:
                c.Write("connect from unknown["u8);
                PublicAddress(ref c, bits);
                c.Write((byte)']');
                return;
            case 1:
                c.Write("disconnect from unknown["u8);
                PublicAddress(ref c, bits);
                c.Write("] ehlo=1 auth=0/1 quit=1 commands=2/3"u8);
                return;
            case 2:
                c.Write("lost connection after AUTH from unknown["u8);
                PublicAddress(ref c, bits);
                c.Write((byte)']');
                return;
        }
        QueueId(ref c, bits);
        switch (v % 7)
        {
            case 3:
                c.Write(": uid=0 from=<root>"u8);
                break;
            case 4:
                c.Write(": message-id=<"u8);
                c.WriteHexFixed(bits >> 8, 12);
                c.Write((byte)'@');
                c.Write(_host);
                c.Write((byte)'>');
                break;
            case 5:
                c.Write(": to=<"u8);
                c.Write(_recipients[(v >> 3) % _recipients.Length]);
                c.Write(">, relay=mx.example.com[203.0.113.25]:25, delay=0."u8);
                c.WriteFixed((bits >> 20 & 0x3FF) % 1000, 3);
                c.Write(", delays=0.01/0/0.12/0.2, dsn=2.0.0, status=sent (250 2.0.0 OK "u8);
                c.WriteDecimal(1_709_000_000 + (bits >> 32 & 0xFFFFFF));
                c.Write((byte)')');
                break;
            default:
                if ((v >> 3) % 2 == 0)
                {
                    c.Write(": from=<root@"u8);
                    c.Write(_host);
                    c.Write(">, size="u8);
                    c.WriteDecimal(400 + (bits >> 40 & 0x3FFF));
                    c.Write(", nrcpt=1 (queue active)"u8);
                }
                else c.Write(": removed"u8);
                break;
        }
    }

    /// <summary>A postfix queue id: 10 upper-case hexadecimal digits.</summary>
    private static void QueueId(ref ByteCursor c, ulong bits)
    {
        for (var i = 0; i < 10; i++)
        {
            var nibble = (int)(bits >> (4 * (9 - i)) & 0xF);
            c.Write((byte)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10));
        }
    }

    /// <summary><c>[ 123456.789012]</c>: seconds since boot, right-aligned in 5 columns, as printk prints them.</summary>
    private void Uptime(ref ByteCursor c, long time, ulong bits)
    {
        var seconds = (ulong)(time - _boot);
        c.Write((byte)'[');
        for (var w = seconds < 10 ? 1 : seconds < 100 ? 2 : seconds < 1_000 ? 3 : seconds < 10_000 ? 4 : 5; w < 5; w++) c.Write((byte)' ');
        c.WriteDecimal(seconds);
        c.Write((byte)'.');
        c.WriteFixed((bits & 0xFFFFF) % 1_000_000, 6);
        c.Write((byte)']');
    }

    /// <summary>A public IPv4 address from the scanner first octets and 24 bits of <paramref name="bits"/>.</summary>
    private static void PublicAddress(ref ByteCursor c, ulong bits)
    {
        var octets = SyslogVocabulary.ScannerOctets;
        c.WriteDecimal(octets[(int)((bits >> 24 & 0xFFFF) % (ulong)octets.Length)]);
        c.Write((byte)'.');
        c.WriteDecimal(bits >> 16 & 0xFF);
        c.Write((byte)'.');
        c.WriteDecimal(bits >> 8 & 0xFF);
        c.Write((byte)'.');
        c.WriteDecimal(1 + (bits & 0xFF) % 254);
    }

    /// <summary>A 64-digit container id derived from <paramref name="bits"/>.</summary>
    private static void Hex256(ref ByteCursor c, ulong bits)
    {
        for (ulong i = 0; i < 4; i++) c.WriteHexFixed(SplitMix64.Mix(bits + i), 16);
    }

    /// <summary>RFC 3339 UTC with nanoseconds, as Go's logrus writes it.</summary>
    private static void Nanos(ref ByteCursor c, long time, Context x)
    {
        x.Time.WriteIso(ref c, time);
        c.Write((byte)'.');
        c.WriteFixed(SplitMix64.Mix(x.Bits) % 1_000_000_000, 9);
        c.Write((byte)'Z');
    }

    /// <summary>One RFC 5424 line relayed from another host.</summary>
    private static void Relayed(ref ByteCursor c, long time, Context x)
    {
        var bits = x.Bits;
        var v = x.Variant;
        switch (v % 6)
        {
            case 0:
                c.Write("<165>1 "u8);
                Rfc3339(ref c, time, x, 3, zulu: true);
                c.Write(" app-01.example.com billing 8710 ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] invoice "u8);
                c.WriteDecimal(100_000 + (bits & 0xFFFFF));
                c.Write(" exported"u8);
                break;
            case 1:
                c.Write("<134>1 "u8);
                Rfc3339(ref c, time, x, 6, zulu: false);
                c.Write(" fw-edge-01 filterlog 4321 - - block in on igb0: "u8);
                PublicAddress(ref c, bits);
                c.Write((byte)'.');
                c.WriteDecimal(1024 + (bits >> 32 & 0xFFFF) % 64_000);
                c.Write(" > 203.0.113.10."u8);
                c.WriteDecimal(SyslogVocabulary.ScannedPorts[(v >> 3) % SyslogVocabulary.ScannedPorts.Length]);
                c.Write(": tcp SYN"u8);
                break;
            case 2:
                c.Write("<12>1 "u8);
                Rfc3339(ref c, time, x, 6, zulu: true);
                c.Write(" k8s-node-2 kubelet 2147 - - \uFEFFReadiness probe failed for pod shop/cart-"u8);
                c.WriteHexFixed(bits, 5);
                c.Write(": HTTP probe failed with statuscode: 503"u8);
                break;
            case 3:
                c.Write("<29>1 "u8);
                Rfc3339(ref c, time, x, 0, zulu: true);
                c.Write(" nas-01 smartd - - [timeQuality tzKnown=\"1\" isSynced=\"1\"] Device: /dev/sda [SAT], SMART Usage Attribute: 194 Temperature_Celsius changed from "u8);
                var t = 30 + (bits & 0x1F);
                c.WriteDecimal(t);
                c.Write(" to "u8);
                c.WriteDecimal(t + 1);
                break;
            case 4:
                c.Write("<190>1 "u8);
                Rfc3339(ref c, time, x, 3, zulu: false);
                c.Write(" - backup-agent - JOB42 [meta sequenceId=\""u8);
                c.WriteDecimal(1 + (bits & 0xFFFF));
                c.Write("\" note=\"said \\\"done\\\" \\] ok\"][origin ip=\"10.0.9.4\"] backup finished in "u8);
                c.WriteDecimal(30 + (bits >> 16 & 0x3FF));
                c.Write(" s"u8);
                break;
            default:
                c.Write("<13>1 "u8);
                Rfc3339(ref c, time, x, 6, zulu: true);
                c.Write(" printer-3 cupsd 77 - [printer@32473 status=\"idle\" pages=\""u8);
                c.WriteDecimal(bits & 0xFFFF);
                c.Write("\"]"u8);
                break;
        }
    }

    /// <summary>RFC 3339 with <paramref name="digits"/> fractional digits (0: none), <c>Z</c> or <c>+00:00</c>.</summary>
    private static void Rfc3339(ref ByteCursor c, long time, Context x, int digits, bool zulu)
    {
        x.Time.WriteIso(ref c, time);
        if (digits > 0)
        {
            c.Write((byte)'.');
            c.WriteFixed((x.Bits >> 7) % (digits == 3 ? 1_000UL : 1_000_000UL), digits);
        }
        c.Write(zulu ? "Z"u8 : "+00:00"u8);
    }
}
