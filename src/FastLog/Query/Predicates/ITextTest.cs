namespace FastLog.Query.Predicates;

/// <summary>
/// A test of a text field's bytes (never null), run over a selection by
/// <see cref="RecordPredicate.KeepText"/>; implemented by structs, so the call is inlined.
/// </summary>
public interface ITextTest
{
    /// <summary>True when the value <paramref name="text"/> matches.</summary>
    bool Matches(ReadOnlySpan<byte> text);
}
