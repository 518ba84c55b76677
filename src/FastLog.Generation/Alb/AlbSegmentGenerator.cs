using System.Text;
using FastLog.Generation.Lines;
using FastLog.Generation.Sampling;
using FastLog.Generation.Traffic;
using FastLog.Generation.Web;

namespace FastLog.Generation.Alb;

/// <summary>
/// AWS Application Load Balancer access logs (docs/formats.md): one request per line
/// of the web traffic model, with the web attack scenarios among them, in the AWS field order up
/// to the classification fields and the connection trace id.
/// </summary>
/// <remarks>
/// <para>
/// One load balancer in one account and region, two target groups (the site and its
/// <c>/api/</c>, routed by rule priority 10) of three instances each. HTTP/2 clients are
/// <c>h2</c>, others <c>https</c> with their TLS cipher and protocol; about 2.5 % of background
/// GETs arrive on port 80 and get the listener's redirect to HTTPS (<c>http</c>, 301, no target).
/// </para>
/// <para>
/// What the load balancer answers itself has no target status and <c>-1</c> processing times:
/// 503 (no healthy target: no target, all three -1), 502 and 504 (target failed or timed out:
/// the target, then <c>-1 -1</c>) and 460 (the client closed the connection, the model's 499).
/// time is when the response ended (µs), request_creation_time that minus the processing times.
/// </para>
/// </remarks>
internal sealed class AlbSegmentGenerator : WebSegmentGenerator<AlbSegmentGenerator.Context>
{
    /// <summary>Average line length (measured), turning <c>--size</c> into lines.</summary>
    public const int AverageLineBytes = 705;
    private const int MaxLineBytes = 2560;

    /// <summary>Share (per 65,536) of background GETs that come over plain HTTP and are redirected: 2.5 %.</summary>
    private const uint RedirectPer65536 = 1_638;

    private static readonly string[] Regions = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];
    private static readonly string[] Names = ["prod-web-alb", "shop-public", "k8s-default-ingress", "www-prod", "frontend-alb"];

    /// <summary>Per-segment state: the two timestamp caches (response time, request creation time).</summary>
    internal sealed class Context
    {
        public readonly TimestampTexts Time = new();
        public readonly TimestampTexts Created = new();
    }

    private readonly byte[] _elb;
    private readonly byte[] _webGroup;
    private readonly byte[] _apiGroup;
    private readonly byte[] _certificate;
    private readonly byte[][] _webTargets;
    private readonly byte[][] _apiTargets;

    /// <summary>Builds the model and plans the scenarios for <paramref name="options"/>.</summary>
    public AlbSegmentGenerator(GenerationOptions options) : base(options, AverageLineBytes, MaxLineBytes)
    {
        var rng = new Xoshiro256PlusPlus(SplitMix64.Derive(options.Seed, GenerationStreams.Vocabulary, 0));
        var region = Regions[rng.NextBelow((uint)Regions.Length)];
        var account = $"{rng.NextBelow(900_000) + 100_000}{rng.NextBelow(1_000_000):D6}";
        var name = Names[rng.NextBelow((uint)Names.Length)];
        _elb = Encoding.ASCII.GetBytes($"app/{name}/{rng.NextUInt64():x16}");
        _webGroup = Encoding.ASCII.GetBytes($"arn:aws:elasticloadbalancing:{region}:{account}:targetgroup/{name}-web/{rng.NextUInt64():x16}");
        _apiGroup = Encoding.ASCII.GetBytes($"arn:aws:elasticloadbalancing:{region}:{account}:targetgroup/{name}-api/{rng.NextUInt64():x16}");
        var a = rng.NextUInt64();
        var b = rng.NextUInt64();
        _certificate = Encoding.ASCII.GetBytes($"arn:aws:acm:{region}:{account}:certificate/{a >> 32:x8}-{(a >> 16) & 0xFFFF:x4}-{a & 0xFFFF:x4}-{b >> 48:x4}-{b & 0xFFFFFFFFFFFFUL:x12}");
        _webTargets = new byte[3][];
        _apiTargets = new byte[3][];
        for (var i = 0; i < 3; i++)
        {
            _webTargets[i] = Encoding.ASCII.GetBytes($"10.0.{i + 1}.{rng.NextBelow(250) + 4}:80");
            _apiTargets[i] = Encoding.ASCII.GetBytes($"10.0.{i + 1}.{rng.NextBelow(250) + 4}:8080");
        }
    }

    /// <inheritdoc/>
    protected override Context CreateContext() => new();

    /// <inheritdoc/>
    protected override void WriteRecord(ref ByteCursor c, ref AccessRecord r, bool scenario, ref Xoshiro256PlusPlus rng, long slot, Context x)
    {
        var bits = rng.NextUInt64();
        var more = rng.NextUInt64();
        var api = r.Target.StartsWith("/api/"u8);
        var host = api ? "api.example.com"u8 : "www.example.com"u8;
        var h2 = r.Protocol.SequenceEqual("HTTP/2.0"u8);
        // Only background requests are redirected: a scenario's requests reach the site with their own statuses.
        var redirect = !scenario && !h2 && r.Method.Length == 3 && r.Method[0] == (byte)'G' && (uint)(bits >> 48) < RedirectPer65536;
        var status = redirect ? (short)301 : r.Status == 499 ? (short)460 : r.Status;
        // Answered by the load balancer itself: no target status.
        var byElb = redirect || status is 460 or 502 or 503 or 504;
        var dispatched = !redirect && status != 503;
        var target = (api ? _apiTargets : _webTargets)[(int)((bits & 0xFFFF) % 3)];

        // Times in µs: the response ended at `end`, the request arrived `held` earlier.
        var requestMicros = (long)(bits >> 16 & 0x3FF) + 200; // 0.000-0.001 s
        var held = requestMicros + (byElb && status != 504 && status != 460 ? 0 : r.Millis * 1000L) + (long)(more & 0x1FF);
        var end = r.Time * 1_000_000 + (long)(more >> 9 & 0xFFFFF) % 1_000_000;
        var created = end - held;

        c.Write(redirect ? "http "u8 : h2 ? "h2 "u8 : "https "u8);
        Iso(ref c, x.Time, end);
        c.Write((byte)' ');
        c.Write(_elb);
        c.Write((byte)' ');
        c.Write(r.Ip);
        c.Write((byte)':');
        c.WriteDecimal(1024 + (more >> 29 & 0xFFFF) % 64_000);
        c.Write((byte)' ');
        if (dispatched) c.Write(target);
        else c.Write((byte)'-');
        c.Write((byte)' ');
        if (!dispatched) c.Write("-1 -1 -1"u8);
        else
        {
            Seconds(ref c, requestMicros);
            if (byElb) c.Write(" -1 -1"u8);
            else
            {
                c.Write((byte)' ');
                Seconds(ref c, r.Millis * 1000L);
                c.Write(" 0.000"u8);
            }
        }
        c.Write((byte)' ');
        c.WriteDecimal((ulong)status);
        c.Write((byte)' ');
        if (byElb) c.Write((byte)'-');
        else c.WriteDecimal((ulong)status);
        c.Write((byte)' ');
        var post = r.Method.Length > 0 && r.Method[0] == (byte)'P';
        c.WriteDecimal(120 + (more >> 45 & 0x3FF) + (post ? (bits >> 26 & 0xFFF) : 0));
        c.Write((byte)' ');
        c.WriteDecimal(status == 460 ? 0 : (ulong)(Math.Max(0, r.Bytes) + 150 + (long)(bits >> 38 & 0x7F)));
        c.Write(" \""u8);
        c.Write(r.Method);
        c.Write(redirect ? " http://"u8 : " https://"u8);
        c.Write(host);
        c.Write(redirect ? ":80"u8 : ":443"u8);
        c.Write(r.Target);
        c.Write((byte)' ');
        c.Write(r.Protocol);
        c.Write("\" \""u8);
        if (r.Agent.IsEmpty) c.Write((byte)'-');
        else c.Write(r.Agent);
        c.Write("\" "u8);
        if (redirect) c.Write("- - -"u8);
        else
        {
            c.Write((bits >> 45 & 7) < 2 ? "TLS_AES_128_GCM_SHA256 TLSv1.3 "u8 : "ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 "u8);
            c.Write(api ? _apiGroup : _webGroup);
        }
        c.Write(" \"Root=1-"u8);
        c.WriteHexFixed((ulong)(created / 1_000_000), 8);
        c.Write((byte)'-');
        c.WriteHexFixed(rng.NextUInt64(), 16);
        c.WriteHexFixed(more, 8);
        c.Write("\" \""u8);
        if (redirect) c.Write((byte)'-');
        else c.Write(host);
        c.Write("\" \""u8);
        if (redirect) c.Write((byte)'-');
        else c.Write(_certificate);
        c.Write("\" "u8);
        c.Write(api && !redirect ? "10 "u8 : "0 "u8);
        Iso(ref c, x.Created, created);
        c.Write(redirect ? " \"redirect\" \"https://"u8 : " \"forward\" \"-"u8);
        if (redirect)
        {
            c.Write(host);
            c.Write(":443"u8);
            c.Write(r.Target);
        }
        c.Write("\" \"-\" \""u8);
        if (dispatched) c.Write(target);
        else c.Write((byte)'-');
        c.Write("\" \""u8);
        if (byElb) c.Write((byte)'-');
        else c.WriteDecimal((ulong)status);
        c.Write("\" \"-\" \"-\" TID_"u8);
        c.WriteHexFixed(rng.NextUInt64(), 16);
        c.WriteHexFixed(rng.NextUInt64(), 16);
        c.Write((byte)'\n');
    }

    /// <summary><c>2024-03-04T09:05:01.123456Z</c> of <paramref name="micros"/> since the epoch.</summary>
    private static void Iso(ref ByteCursor c, TimestampTexts texts, long micros)
    {
        var seconds = Math.DivRem(micros, 1_000_000, out var fraction);
        texts.WriteIso(ref c, seconds);
        c.Write((byte)'.');
        c.WriteFixed((ulong)fraction, 6);
        c.Write((byte)'Z');
    }

    /// <summary>Seconds with three decimals, as ALB writes processing times.</summary>
    private static void Seconds(ref ByteCursor c, long micros) => c.WriteMillisAsSeconds((uint)(micros / 1000));
}
