namespace FastLog.Formats.Clf;

/// <summary>
/// The access-log formats of the CLF family, ordered by how many fields a line carries: each
/// one is the previous plus trailing fields (docs/formats.md).
/// </summary>
public enum ClfVariant
{
    /// <summary><c>%h %l %u %t "%r" %>s %b</c>.</summary>
    Common = 1,
    /// <summary>Common plus <c>"%{Referer}i" "%{User-agent}i"</c>.</summary>
    Combined = 2,
    /// <summary>Combined plus nginx <c>$request_time</c> (seconds, e.g. <c>0.023</c>).</summary>
    Nginx = 3,
}
