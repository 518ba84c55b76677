namespace FastLog.Detection.Web;

/// <summary>A value that parts of one key add up to (counts are summed, spans widened …).</summary>
internal interface IJoinable<T> where T : struct, IJoinable<T>
{
    /// <summary>The value of two parts of one key; order-independent.</summary>
    static abstract T Join(T a, T b);
}
