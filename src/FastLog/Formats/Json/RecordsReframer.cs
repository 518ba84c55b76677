namespace FastLog.Formats.Json;

/// <summary>
/// The state machine behind <see cref="RecordsReframingStream"/>: turns CloudTrail delivery files
/// (<c>{"Records":[ {...}, … ]}</c>, compact or pretty-printed, possibly several concatenated) into
/// one line per element of each <c>Records</c> array. A top-level array (<c>[ {...}, … ]</c>) is
/// read the same way.
/// </summary>
/// <remarks>
/// <para>
/// It tracks only what it needs: whether it is inside a string (and after a backslash), the
/// bracket depth, and whether the current top-level key is <c>Records</c>. Elements are re-emitted
/// compactly: whitespace outside strings is dropped (RFC 8259 §2: insignificant), the commas
/// between elements become LF, everything outside the arrays is dropped. A raw LF inside a string
/// (invalid JSON) is written as CR, so the broken record stays one line, which the parser then
/// counts as <c>bad_json</c>. State is a few fields, whatever the input: memory is bounded, and a
/// record that never ends is a line that never ends, which the line cutter reports as
/// <c>line_too_long</c> at 1 MiB.
/// </para>
/// <para>
/// Malformed structure does not stop it: brackets are counted without checking that they pair
/// (<c>]</c> and <c>}</c> both close), so an element that closes the array early ends there, and
/// a depth never goes below zero.
/// </para>
/// </remarks>
public struct RecordsReframer
{
    private static ReadOnlySpan<byte> RecordsKey => "Records"u8;

    private int _depth;
    private int _arrayDepth;
    private bool _inArray;
    private bool _inElement;
    private bool _inString;
    private bool _escaped;
    private bool _keyCandidate;
    private int _keyMatch;
    private bool _lastKeyWasRecords;
    private bool _expectArray;

    /// <summary>Elements ended so far (the lines written).</summary>
    public long Records { get; private set; }

    /// <summary>
    /// Reframes <paramref name="input"/> into <paramref name="output"/> until either is exhausted;
    /// returns the bytes written and sets <paramref name="consumed"/>. Never writes more bytes than
    /// it consumes, so an output at least as long as the input takes all of it.
    /// </summary>
    public int Transform(ReadOnlySpan<byte> input, Span<byte> output, out int consumed)
    {
        var i = 0;
        var o = 0;
        // Invariant: [0, i) of the input is consumed and produced [0, o) of the output; o <= i
        // (each input byte writes at most one byte). Each iteration consumes at least one byte.
        while (i < input.Length && o < output.Length)
        {
            if (_inElement && _inString && !_escaped)
            {
                // Fast path: the run of plain string bytes up to the next quote, backslash or LF.
                var room = Math.Min(input.Length - i, output.Length - o);
                var run = input.Slice(i, room);
                var k = run.IndexOfAny(JsonBytes.Quote, JsonBytes.Backslash, JsonBytes.Lf);
                if (k < 0)
                {
                    run.CopyTo(output[o..]);
                    i += room;
                    o += room;
                    continue;
                }
                run[..k].CopyTo(output[o..]);
                i += k;
                o += k;
                var special = input[i++];
                if (special == JsonBytes.Quote) _inString = false;
                else if (special == JsonBytes.Backslash) _escaped = true;
                output[o++] = special == JsonBytes.Lf ? JsonBytes.Cr : special;
                continue;
            }
            var b = input[i++];
            if (_inElement)
                o += Element(b, output, o);
            else if (_inString)
                KeyByte(b);
            else if (_inArray)
                o += BetweenElements(b, output, o);
            else
                Outside(b);
        }
        consumed = i;
        return o;
    }

    /// <summary>At the end of input: the LF that ends an unfinished element (0 or 1 byte written to <paramref name="output"/>).</summary>
    public int Finish(Span<byte> output)
    {
        if (!_inElement) return 0;
        _inElement = false;
        _inString = false;
        _escaped = false;
        Records++;
        output[0] = JsonBytes.Lf;
        return 1;
    }

    /// <summary>A byte of an element outside the string fast path; returns the bytes written (0 or 1).</summary>
    private int Element(byte b, Span<byte> output, int o)
    {
        if (_inString)
        {
            // Only the byte after a backslash reaches here.
            _escaped = false;
            output[o] = b == JsonBytes.Lf ? JsonBytes.Cr : b;
            return 1;
        }
        switch (b)
        {
            case JsonBytes.Space or JsonBytes.Tab or JsonBytes.Lf or JsonBytes.Cr:
                return 0;
            case JsonBytes.Comma when _depth == _arrayDepth:
                EndElement();
                output[o] = JsonBytes.Lf;
                return 1;
            case JsonBytes.CloseBracket or JsonBytes.CloseBrace when _depth == _arrayDepth:
                EndElement();
                CloseArray();
                output[o] = JsonBytes.Lf;
                return 1;
            case JsonBytes.OpenBrace or JsonBytes.OpenBracket:
                _depth++;
                break;
            case JsonBytes.CloseBrace or JsonBytes.CloseBracket:
                _depth--;
                break;
            case JsonBytes.Quote:
                _inString = true;
                break;
        }
        output[o] = b;
        return 1;
    }

    private void EndElement()
    {
        _inElement = false;
        Records++;
    }

    private void CloseArray()
    {
        _inArray = false;
        _depth = Math.Max(0, _depth - 1);
    }

    /// <summary>A byte inside a Records array but between elements: separators are dropped, anything else starts an element.</summary>
    private int BetweenElements(byte b, Span<byte> output, int o)
    {
        switch (b)
        {
            case JsonBytes.Space or JsonBytes.Tab or JsonBytes.Lf or JsonBytes.Cr or JsonBytes.Comma:
                return 0;
            case JsonBytes.CloseBracket or JsonBytes.CloseBrace:
                CloseArray();
                return 0;
            default:
                _inElement = true;
                return Element(b, output, o);
        }
    }

    /// <summary>A byte outside every Records array: follows the depth and spots <c>"Records":[</c> at depth 1 (or <c>[</c> at depth 0).</summary>
    private void Outside(byte b)
    {
        if (JsonBytes.IsWhitespace(b)) return;
        var expectArray = _expectArray;
        _expectArray = false;
        switch (b)
        {
            case JsonBytes.Quote:
                _inString = true;
                _keyCandidate = _depth == 1;
                _keyMatch = 0;
                _lastKeyWasRecords = false;
                return;
            case JsonBytes.Colon:
                _expectArray = _lastKeyWasRecords;
                break;
            case JsonBytes.OpenBracket:
                _depth++;
                if (expectArray || _depth == 1)
                {
                    _inArray = true;
                    _arrayDepth = _depth;
                }
                break;
            case JsonBytes.OpenBrace:
                _depth++;
                break;
            case JsonBytes.CloseBrace or JsonBytes.CloseBracket:
                _depth = Math.Max(0, _depth - 1);
                break;
        }
        _lastKeyWasRecords = false;
    }

    /// <summary>A byte of a string outside the arrays: matches it against <c>Records</c>.</summary>
    private void KeyByte(byte b)
    {
        if (_escaped)
        {
            _escaped = false;
            _keyMatch = -1;
        }
        else if (b == JsonBytes.Backslash)
        {
            _escaped = true;
            _keyMatch = -1;
        }
        else if (b == JsonBytes.Quote)
        {
            _inString = false;
            _lastKeyWasRecords = _keyCandidate && _keyMatch == RecordsKey.Length;
        }
        else if (_keyMatch >= 0 && _keyMatch < RecordsKey.Length && b == RecordsKey[_keyMatch])
        {
            _keyMatch++;
        }
        else
        {
            _keyMatch = -1;
        }
    }

    /// <summary>
    /// True when <paramref name="sample"/> (an input's first bytes) opens a Records file: after an
    /// optional UTF-8 BOM and whitespace, <c>{</c> then the key <c>"Records"</c>, or a top-level <c>[</c>.
    /// </summary>
    public static bool LooksLikeRecordsFile(ReadOnlySpan<byte> sample)
    {
        if (sample.StartsWith("\uFEFF"u8)) sample = sample[3..];
        var i = SkipWhitespace(sample, 0);
        if (i >= sample.Length) return false;
        if (sample[i] == JsonBytes.OpenBracket) return true;
        if (sample[i] != JsonBytes.OpenBrace) return false;
        i = SkipWhitespace(sample, i + 1);
        return sample[i..].StartsWith("\"Records\""u8);
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && JsonBytes.IsWhitespace(s[i])) i++;
        return i;
    }
}
