namespace FastLog.Detection;

/// <summary>The report order of findings of any family: total, so equal inputs give byte-identical reports.</summary>
internal static class FindingOrder
{
    /// <summary>Severity descending, then rule id, then events descending, then source, host, user and agent bytewise.</summary>
    public static int Compare(Finding a, Finding b)
    {
        var c = b.Rule.Severity.CompareTo(a.Rule.Severity);
        if (c == 0) c = string.CompareOrdinal(a.Rule.Id, b.Rule.Id);
        if (c == 0) c = b.EventCount.CompareTo(a.EventCount);
        if (c == 0) c = a.SourceIp.AsSpan().SequenceCompareTo(b.SourceIp);
        if (c == 0) c = Bytes(a.Host, b.Host);
        if (c == 0) c = Bytes(a.User, b.User);
        if (c == 0) c = Bytes(a.UserAgent, b.UserAgent);
        return c;
    }

    /// <summary>Absent before present, then bytewise.</summary>
    private static int Bytes(byte[]? a, byte[]? b)
        => a is null ? (b is null ? 0 : -1) : b is null ? 1 : a.AsSpan().SequenceCompareTo(b);
}
