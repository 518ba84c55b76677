using System.Runtime.CompilerServices;
using FastLog.Generation.Sampling;

namespace FastLog.Generation.Traffic;

/// <summary>
/// Status, size and time of a response: a status mix per request kind (pages mostly 200, static
/// files with many 304s, the API with its 4xx, stale links 404), sizes that are fixed per static
/// file and vary around a base for pages and the API, small fixed error pages, and log-normal
/// request times per kind (nginx <c>$request_time</c>), 60 s for a gateway timeout.
/// </summary>
internal sealed class ResponseModel
{
    private const int TimeQuantiles = 1024;

    private readonly AliasTable[] _statusTables;
    private readonly short[][] _statusCodes;
    private readonly uint[][] _millis;

    public ResponseModel()
    {
        var mixes = new (RequestKind Kind, (short Status, double Weight)[] Mix)[]
        {
            (RequestKind.Page, [(200, 86), (304, 6), (301, 2), (302, 2.5), (404, 1.5), (403, 0.3), (500, 0.4), (502, 0.1), (503, 0.2)]),
            (RequestKind.Static, [(200, 72), (304, 24), (206, 1.5), (404, 2.2), (403, 0.2)]),
            (RequestKind.Api, [(200, 80), (201, 4), (204, 3), (400, 3), (401, 2.5), (403, 1), (404, 2.5), (409, 0.4), (422, 1), (429, 0.8),
                (500, 0.5), (502, 0.15), (503, 0.15), (504, 0.1)]),
            (RequestKind.Search, [(200, 94), (302, 1.5), (400, 1), (404, 1), (499, 0.3), (500, 0.8), (504, 0.2)]),
            (RequestKind.Missing, [(404, 88), (410, 4), (301, 6), (200, 2)]),
            (RequestKind.Form, [(302, 55), (200, 35), (401, 6), (400, 2), (403, 1), (429, 1)]),
            (RequestKind.Health, [(200, 99.8), (503, 0.2)]),
            (RequestKind.Feed, [(200, 93), (304, 6), (404, 1)]),
        };
        var kinds = Enum.GetValues<RequestKind>().Length;
        _statusTables = new AliasTable[kinds];
        _statusCodes = new short[kinds][];
        foreach (var (kind, mix) in mixes)
        {
            _statusCodes[(int)kind] = [.. mix.Select(m => m.Status)];
            _statusTables[(int)kind] = new AliasTable([.. mix.Select(m => m.Weight)]);
        }

        // Request time: median and spread (log-normal) per kind, as 1,024 quantiles in ms.
        _millis = new uint[kinds][];
        foreach (var (kind, median, sigma) in new (RequestKind, double, double)[]
        {
            (RequestKind.Page, 45, 0.8), (RequestKind.Static, 0.8, 1.0), (RequestKind.Api, 28, 1.0), (RequestKind.Search, 140, 0.7),
            (RequestKind.Missing, 3, 0.7), (RequestKind.Form, 220, 0.45), (RequestKind.Health, 1, 0.5), (RequestKind.Feed, 4, 0.8),
        })
        {
            var table = new uint[TimeQuantiles];
            for (var q = 0; q < TimeQuantiles; q++)
            {
                var z = InverseNormal((q + 0.5) / TimeQuantiles);
                table[q] = (uint)Math.Min(120_000, Math.Round(median * Math.Exp(sigma * z)));
            }
            _millis[(int)kind] = table;
        }
    }

    /// <summary>A status for a request of <paramref name="kind"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public short SampleStatus(RequestKind kind, ref Xoshiro256PlusPlus rng)
        => _statusCodes[(int)kind][_statusTables[(int)kind].Sample(ref rng)];

    /// <summary>
    /// The response size for <paramref name="status"/>, or -1 (logged <c>-</c>) for 204, 304 and
    /// HEAD. <paramref name="random"/> supplies the jitter.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Size(RequestKind kind, short status, int baseSize, bool head, ulong random)
    {
        if (status is 204 or 304 || head) return -1;
        var jitter = (long)(random & 0x3F);
        if (status >= 300) return ErrorPageSize(kind, status) + jitter;
        return kind switch
        {
            RequestKind.Static => status == 206 ? Math.Min(baseSize, 65_536 + jitter * 1024) : baseSize,
            RequestKind.Api => Math.Max(2, (long)(baseSize * (0.25 + (random >> 8 & 0x3FF) / 512.0))),
            RequestKind.Health => baseSize,
            RequestKind.Missing => 1_250 + jitter * 37,
            _ => baseSize + (long)((random >> 8) % (ulong)(baseSize / 8 + 1)),
        };
    }

    private static long ErrorPageSize(RequestKind kind, short status)
    {
        if (kind == RequestKind.Api && status >= 400) return 48;
        return status switch
        {
            301 => 162, 302 => 138, 400 => 150, 401 => 172, 403 => 146, 404 => 146, 410 => 150, 429 => 162,
            500 => 170, 502 => 150, 503 => 190, 504 => 160, _ => 120,
        };
    }

    /// <summary>The request time in milliseconds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Millis(RequestKind kind, short status, ulong random)
    {
        var ms = _millis[(int)kind][(int)(random & (TimeQuantiles - 1))];
        return status switch
        {
            504 => 60_000 + (uint)(random >> 10 & 0xFF),
            499 => 1_000 + ms * 20,
            304 => ms / 8,
            _ => ms,
        };
    }

    /// <summary>The standard normal quantile (P. J. Acklam's rational approximation, relative error below 1.2e-9).</summary>
    internal static double InverseNormal(double p)
    {
        ReadOnlySpan<double> a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        ReadOnlySpan<double> b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        ReadOnlySpan<double> c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        ReadOnlySpan<double> d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        var m = p - 0.5;
        var r = m * m;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * m / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
