namespace FastLog.Query.Literals;

/// <summary>
/// A point in time at nanosecond precision: Unix seconds and the nanoseconds past them
/// (0–999,999,999). Ordered as the pair; two 64-bit seconds cannot be packed into one
/// nanosecond count (years 1–9999 span ±2.5e20 ns).
/// </summary>
public readonly record struct Instant(long Seconds, int Nanoseconds) : IComparable<Instant>
{
    /// <summary>Nanoseconds in a second.</summary>
    public const int NanosPerSecond = 1_000_000_000;

    /// <summary>Before every instant.</summary>
    public static readonly Instant MinValue = new(long.MinValue, 0);

    /// <summary>After every instant.</summary>
    public static readonly Instant MaxValue = new(long.MaxValue, NanosPerSecond - 1);

    /// <summary>The last nanosecond of <paramref name="seconds"/>.</summary>
    public static Instant EndOf(long seconds) => new(seconds, NanosPerSecond - 1);

    /// <summary>One nanosecond earlier (<see cref="MinValue"/> stays).</summary>
    public Instant Previous() => this == MinValue ? this : Nanoseconds > 0 ? this with { Nanoseconds = Nanoseconds - 1 } : EndOf(Seconds - 1);

    /// <summary>One nanosecond later (<see cref="MaxValue"/> stays).</summary>
    public Instant Next() => this == MaxValue ? this : Nanoseconds < NanosPerSecond - 1 ? this with { Nanoseconds = Nanoseconds + 1 } : new(Seconds + 1, 0);

    /// <inheritdoc/>
    public int CompareTo(Instant other) => Seconds != other.Seconds ? Seconds.CompareTo(other.Seconds) : Nanoseconds.CompareTo(other.Nanoseconds);

    /// <summary>Earlier than.</summary>
    public static bool operator <(Instant a, Instant b) => a.CompareTo(b) < 0;

    /// <summary>Later than.</summary>
    public static bool operator >(Instant a, Instant b) => a.CompareTo(b) > 0;

    /// <summary>Not later than.</summary>
    public static bool operator <=(Instant a, Instant b) => a.CompareTo(b) <= 0;

    /// <summary>Not earlier than.</summary>
    public static bool operator >=(Instant a, Instant b) => a.CompareTo(b) >= 0;
}
