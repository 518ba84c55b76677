namespace FastLog.Formats.Fields;

/// <summary>The digits after a timestamp's decimal point, as nanoseconds.</summary>
public static class FractionOfSecond
{
    /// <summary>
    /// Nanoseconds of <paramref name="digits"/> (ASCII digits, checked by the caller): the first
    /// nine count, later ones are below the nanosecond and dropped (<c>5</c> is 500,000,000).
    /// </summary>
    public static int Nanoseconds(ReadOnlySpan<byte> digits)
    {
        var nanos = 0;
        var unit = 1_000_000_000;
        // Invariant: nanos holds digits[0, k) scaled; unit is the value of digit k.
        for (var k = 0; k < digits.Length && k < 9; k++)
        {
            unit /= 10;
            nanos += (digits[k] - '0') * unit;
        }
        return nanos;
    }
}
