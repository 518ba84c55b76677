using FastLog.Generation.Sampling;

namespace FastLog.Generation.CloudTrail;

// The record writers the background and the scenarios share: a record's head and tail, console logins, access keys, error fields.
internal sealed partial class CloudTrailSegmentGenerator
{
    private void ConsoleLogin(ref ByteCursor c, ref Xoshiro256PlusPlus rng, CloudTrailIdentity who, long time, Context x, ReadOnlySpan<byte> ip, bool success, bool mfa, ReadOnlySpan<byte> eventType)
    {
        Begin(ref c, who, time, x, "signin"u8, "ConsoleLogin"u8, "us-east-1"u8, ip, ConsoleAgent);
        if (!success) c.Write(",\"errorMessage\":\"Failed authentication\""u8);
        c.Write(success ? ",\"requestParameters\":null,\"responseElements\":{\"ConsoleLogin\":\"Success\"}"u8 : ",\"requestParameters\":null,\"responseElements\":{\"ConsoleLogin\":\"Failure\"}"u8);
        c.Write(",\"additionalEventData\":{\"LoginTo\":\"https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_"u8);
        c.WriteHexFixed(rng.NextUInt64(), 16);
        c.Write("\",\"MobileVersion\":\"No\","u8);
        if (mfa && who.Arn.Length > 0)
        {
            c.Write("\"MFAIdentifier\":\""u8);
            c.Write(who.Arn.AsSpan(0, who.Arn.AsSpan().LastIndexOf((byte)':') + 1));
            c.Write("mfa/"u8);
            c.Write(who.Name);
            c.Write("\","u8);
        }
        c.Write(mfa ? "\"MFAUsed\":\"Yes\"}"u8 : "\"MFAUsed\":\"No\"}"u8);
        End(ref c, ref rng, false, eventType, true, requestId: false);
    }

    private void CreateAccessKey(ref ByteCursor c, ref Xoshiro256PlusPlus rng, CloudTrailIdentity who, ReadOnlySpan<byte> forUser, long time, Context x, ReadOnlySpan<byte> ip, ReadOnlySpan<byte> agent)
    {
        Begin(ref c, who, time, x, "iam"u8, "CreateAccessKey"u8, "us-east-1"u8, ip, agent);
        c.Write(",\"requestParameters\":{\"userName\":\""u8);
        c.Write(forUser);
        c.Write("\"},\"responseElements\":{\"accessKey\":{\"accessKeyId\":\"AKIA"u8);
        c.WriteRandom(Upper, 16, ref rng);
        c.Write("\",\"status\":\"Active\",\"userName\":\""u8);
        c.Write(forUser);
        c.Write("\",\"createDate\":\""u8);
        x.Time.WriteIso(ref c, time);
        c.Write("Z\"}}"u8);
        End(ref c, ref rng, false, null, true);
    }

    /// <summary>From the record's opening brace to <c>userAgent</c>.</summary>
    private static void Begin(ref ByteCursor c, CloudTrailIdentity who, long time, Context x, ReadOnlySpan<byte> service, ReadOnlySpan<byte> name,
        ReadOnlySpan<byte> region, ReadOnlySpan<byte> ip, ReadOnlySpan<byte> agent)
    {
        c.Write("{\"eventVersion\":\"1.09\",\"userIdentity\":"u8);
        c.Write(who.Head);
        if (who.Tail is not null)
        {
            // Sessions are an hour old at most: created on the hour.
            x.Time.WriteIso(ref c, time - time % 3600);
            c.Write((byte)'Z');
            c.Write(who.Tail);
        }
        c.Write(",\"eventTime\":\""u8);
        x.Time.WriteIso(ref c, time);
        c.Write("Z\",\"eventSource\":\""u8);
        c.Write(service);
        if (!service.EndsWith(".amazonaws.com"u8)) c.Write(".amazonaws.com"u8);
        c.Write("\",\"eventName\":\""u8);
        c.Write(name);
        c.Write("\",\"awsRegion\":\""u8);
        c.Write(region);
        c.Write("\",\"sourceIPAddress\":\""u8);
        c.Write(ip);
        c.Write("\",\"userAgent\":\""u8);
        c.Write(agent);
        c.Write((byte)'"');
    }

    private static void Error(ref ByteCursor c, ReadOnlySpan<byte> code, ReadOnlySpan<byte> message)
    {
        c.Write(",\"errorCode\":\""u8);
        c.Write(code);
        c.Write("\",\"errorMessage\":\""u8);
        c.Write(message);
        c.Write((byte)'"');
    }

    /// <summary>From <c>requestID</c> to the closing brace and LF.</summary>
    private void End(ref ByteCursor c, ref Xoshiro256PlusPlus rng, bool readOnly, ReadOnlySpan<byte> eventType, bool tls,
        ReadOnlySpan<byte> resources = default, bool requestId = true)
    {
        if (requestId)
        {
            c.Write(",\"requestID\":\""u8);
            Uuid(ref c, ref rng);
            c.Write((byte)'"');
        }
        c.Write(",\"eventID\":\""u8);
        Uuid(ref c, ref rng);
        c.Write(readOnly ? "\",\"readOnly\":true"u8 : "\",\"readOnly\":false"u8);
        if (!resources.IsEmpty)
        {
            c.Write(",\"resources\":[{\"accountId\":\""u8);
            c.Write(_account);
            c.Write("\",\"type\":\""u8);
            c.Write(resources);
            c.Write("\",\"ARN\":\"arn:aws:"u8);
            c.Write(resources.Slice(5, 3).SequenceEqual("KMS"u8) ? "kms:us-east-1:"u8 : resources.Slice(5, 3).SequenceEqual("IAM"u8) ? "iam::"u8 : "s3:::"u8);
            c.Write(_account);
            c.Write(":resource/"u8);
            c.WriteHexFixed(rng.NextUInt64(), 12);
            c.Write("\"}]"u8);
        }
        c.Write(",\"eventType\":\""u8);
        c.Write(eventType.IsEmpty ? "AwsApiCall"u8 : eventType);
        c.Write("\",\"managementEvent\":true,\"recipientAccountId\":\""u8);
        c.Write(_account);
        c.Write("\",\"eventCategory\":\"Management\""u8);
        if (tls) c.Write(",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\"amazonaws.com\"}"u8);
        c.Write("}\n"u8);
    }

    private static void Uuid(ref ByteCursor c, ref Xoshiro256PlusPlus rng)
    {
        var a = rng.NextUInt64();
        var b = rng.NextUInt64();
        c.WriteHexFixed(a >> 32, 8);
        c.Write((byte)'-');
        c.WriteHexFixed(a >> 16, 4);
        c.Write("-4"u8);
        c.WriteHexFixed(a, 3);
        c.Write((byte)'-');
        c.Write(Hex[(int)(8 + (b >> 62))]);
        c.WriteHexFixed(b >> 48, 3);
        c.Write((byte)'-');
        c.WriteHexFixed(b, 12);
    }
}
