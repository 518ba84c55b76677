using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FastLog.Columns;
using FastLog.Diagnostics;
using FastLog.Scanning;

namespace FastLog.Formats.Json;

/// <summary>
/// Parses one JSON object per line into the fields named by a list of <see cref="JsonFieldSpec"/>
/// (the <c>cloudtrail</c>, <c>github</c> and <c>jsonl</c> formats): one forward pass of a
/// <see cref="Utf8JsonReader"/> over each record, no document object model, values the specs do
/// not name skipped unread.
/// </summary>
/// <remarks>
/// <para>
/// Byte fields cannot point into the input block (escaped strings must be unescaped somewhere),
/// so each record's line is copied into the parser's own buffer, unescaped strings are appended
/// after it, and that buffer is the block the consumer receives with each batch. A string without
/// escapes, a number or a raw object points into the line's copy. The buffer is sized once per
/// block (two bytes per input byte: a copy plus unescaped text never longer than its escaped
/// form) and only grows when one value is named by several specs.
/// </para>
/// <para>
/// Outcomes: an empty line (or a lone CR) is blank; a line that is not one well-formed JSON object
/// is <see cref="MalformedReason.BadJson"/>; nesting deeper than <see cref="MaxDepth"/> is
/// <see cref="MalformedReason.TooDeep"/>; a record without a timestamp is
/// <see cref="MalformedReason.MissingFields"/>, one whose timestamp is a string that does not
/// parse <see cref="MalformedReason.BadTime"/>, one whose timestamp is an object, array or boolean
/// <see cref="MalformedReason.BadFieldType"/>. A number outside its field's
/// <see cref="FieldDomain"/> (bytes -5, a negative latency, an instant past year 9999) fails the
/// record with the field's reason (<c>bad_size</c>, <c>bad_field_type</c>, <c>bad_time</c>), as
/// in the text formats. Any other value of the wrong type (an object where a number is expected)
/// leaves its field null and the record stands. Strings are taken as
/// written: a lone surrogate escape becomes U+FFFD, invalid UTF-8 is kept (the sinks escape it;
/// README, Reliability).
/// </para>
/// <para>
/// Duplicate keys (H35): the last occurrence wins, as in jq and Python's json, so counts agree
/// with those tools. Aliases (several specs filling one field, such as <c>msg|message</c>): the
/// first one present in the record wins.
/// </para>
/// <para>
/// Each line is first walked on its structural index (<see cref="JsonStructuralIndex"/> and
/// <see cref="JsonIndexCursor"/>; JsonRecordParser.Indexed.cs): values no spec names are
/// checked but not read. A line that walk does not accept (malformed JSON, nesting near the
/// limit) is read again by the <see cref="Utf8JsonReader"/> walk below, which decides its
/// outcome and reason, so the index can only change speed: the scanner choice cannot change
/// JSON results, and lines are independent, so chunking cannot either.
/// </para>
/// </remarks>
public sealed partial class JsonRecordParser : INulScanningBlockParser
{
    /// <summary>64 levels: far beyond any real log record (CloudTrail nests ~8), and a bound on the reader's work per level.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most specs a parser takes: bounds the columns reset for every record.</summary>
    public const int MaxSpecs = 64;

    /// <summary>Longest escaped timestamp that is unescaped to be parsed (an RFC 3339 value is under 40 bytes).</summary>
    private const int MaxEscapedTimeBytes = 64;

    private static readonly JsonReaderOptions s_options = new() { MaxDepth = MaxDepth };
    private static readonly SearchValues<byte> s_whitespace = SearchValues.Create(" \t\r"u8);

    private readonly LogBatch _batch;
    private readonly JsonPathNode _root = new("");
    private readonly JsonTarget[] _targets;
    private readonly ByteRange[][] _textColumns;
    private readonly long[][] _numberColumns;
    private readonly long[] _numberNulls;
    private readonly int[] _nanoseconds;
    private byte[] _buffer = new byte[64 * 1024];
    private int _used;
    private MalformedReason? _tsReason;
    // Per target, the record whose value failed the target's domain; _failedTargets counts them in this record.
    private readonly long[] _failedRecord;
    private int _failedTargets;
    private readonly long[] _nodeRecord;
    private long _record;
    private readonly IJsonRecordCompleter? _completer;

    /// <summary>
    /// Creates a parser of <paramref name="format"/> records reading <paramref name="specs"/>;
    /// one spec must fill <see cref="LogField.Ts"/> (every record needs a timestamp).
    /// </summary>
    /// <param name="format">The format its batches carry.</param>
    /// <param name="specs">The fields read, by path.</param>
    /// <param name="completer">Builds the step that derives a format's own fields from those read (CloudTrail's user of a role session), or null.</param>
    /// <param name="batchCapacity">Records per batch.</param>
    /// <param name="scanner">The classifier of the structural index (the scanner <see cref="ScannerFactory"/> chose); null: the best this CPU runs.</param>
    public JsonRecordParser(LogFormat format, IReadOnlyList<JsonFieldSpec> specs, Func<LogBatch, IJsonRecordCompleter>? completer = null, int batchCapacity = LogBatch.DefaultCapacity,
        ScannerKind? scanner = null)
    {
        _scanner = scanner ?? ScannerFactory.Choose(null);
        if (!specs.Any(s => s.Field == LogField.Ts)) throw new ArgumentException("a JSON format needs a spec for ts", nameof(specs));
        if (specs.Count > MaxSpecs) throw new ArgumentException($"at most {MaxSpecs} specs", nameof(specs));
        _batch = new LogBatch(batchCapacity) { Format = format };
        // The access-log columns exist in every batch; those this format does not fill are null
        // once here (no spec ever writes them), the others are reset per record below.
        foreach (var column in new[] { _batch.Ip, _batch.User, _batch.Method, _batch.Path, _batch.Query, _batch.Protocol, _batch.Referer, _batch.Agent })
            column.AsSpan().Fill(ByteRange.Null);
        _batch.Bytes.AsSpan().Fill(-1);
        _batch.RequestTimeMicros.AsSpan().Fill(-1);
        _nanoseconds = _batch.EnsureNanoseconds();
        _targets = new JsonTarget[specs.Count];
        for (var t = 0; t < specs.Count; t++)
        {
            _targets[t] = new JsonTarget(specs[t], _batch);
            var node = _root;
            foreach (var segment in specs[t].Path.Split('.')) node = node.Child(segment);
            node.AddTarget(t);
        }
        _nodeRecord = new long[_root.Number(0)];
        _failedRecord = new long[_targets.Length];
        _textColumns = [.. _targets.Where(t => t.Text is not null).Select(t => t.Text!).Distinct()];
        var numbers = _targets.Where(t => t.Numbers is not null).DistinctBy(t => t.Numbers).ToArray();
        _numberColumns = [.. numbers.Select(t => t.Numbers!)];
        _numberNulls = [.. numbers.Select(t => t.NullValue)];
        _completer = completer?.Invoke(_batch);
    }

    /// <inheritdoc/>
    public long ParseBlock(ReadOnlySpan<byte> block, in BlockOrigin origin, ParseCounters counters, IBatchConsumer consumer)
        => Parse(block, origin, counters, consumer, stopAtNul: false, out _);

    /// <inheritdoc/>
    public long ParseBlockBeforeNulRegion(ReadOnlySpan<byte> block, in BlockOrigin origin, ParseCounters counters, IBatchConsumer consumer, out int consumed)
        => Parse(block, origin, counters, consumer, stopAtNul: true, out consumed);

    private long Parse(ReadOnlySpan<byte> block, in BlockOrigin origin, ParseCounters counters, IBatchConsumer consumer, bool stopAtNul, out int consumed)
    {
        if (_buffer.Length < 2 * block.Length)
            _buffer = new byte[Math.Max(2 * block.Length, _buffer.Length * 2)]; // deliberate: grows once per worker, or for a long line
        _used = 0;
        var lines = new Lines(this);
        return LineBlockLoop.Run(ref lines, _batch, block, origin, counters, consumer, stopAtNul, out consumed);
    }

    /// <summary>
    /// The block loop's view of a JSON line: <c>[0, _used)</c> of the buffer holds the copies (CR
    /// kept) and values of the records of the current batch; a malformed line's copy is dropped.
    /// </summary>
    private readonly struct Lines(JsonRecordParser parser) : ILineParser
    {
        // The index pass finds each line's LF (JsonRecordParser.Indexed.cs), so no search of its own.
        public static bool WalksToLineFeed => true;

        public LineOutcome ParseLine(ReadOnlySpan<byte> block, int lineStart, int contentEnd, ref int lineFeed, long fileOffset,
            ParseCounters counters, out MalformedReason reason)
        {
            var text = block[lineStart..];
            var indexed = parser._indexed;
            var length = indexed ? parser.IndexLine(text) : text.IndexOf(JsonBytes.Lf);
            lineFeed = lineStart + length;
            var content = length > 0 && text[length - 1] == JsonBytes.Cr ? length - 1 : length;
            if (content == 0)
            {
                reason = default;
                return LineOutcome.Blank;
            }
            var line = text[..length];
            var copyOffset = parser._used;
            line.CopyTo(parser._buffer.AsSpan(copyOffset));
            parser._used += line.Length;
            var slot = parser._batch.Count;
            if (parser.ParseRecord(text, content, indexed, copyOffset, slot, out reason))
            {
                parser._batch.Line[slot] = new ByteRange(copyOffset, line.Length);
                return LineOutcome.Parsed;
            }
            parser._used = copyOffset;
            return LineOutcome.Malformed;
        }

        public ReadOnlySpan<byte> Rows(ReadOnlySpan<byte> block) => parser._buffer.AsSpan(0, parser._used);

        public void BatchConsumed() => parser._used = 0;
    }

    /// <summary>
    /// Reads the record <c>text[0, length)</c> (a line without its LF or CR, followed in
    /// <paramref name="text"/> by the rest of the block; its copy starts at
    /// <paramref name="copyOffset"/> in the buffer; its structural index built when
    /// <paramref name="indexed"/>) into slot <paramref name="slot"/>. Every column of the format is
    /// written (null when absent) whatever the outcome.
    /// </summary>
    private bool ParseRecord(ReadOnlySpan<byte> text, int length, bool indexed, int copyOffset, int slot, out MalformedReason reason)
    {
        var json = text[..length];
        StartRecord(slot);
        // Most garbage (a text line, a truncated tail) fails here, without an exception.
        var first = json.IndexOfAnyExcept(s_whitespace);
        if (first < 0 || json[first] != JsonBytes.OpenBrace)
        {
            reason = MalformedReason.BadJson;
            return false;
        }
        var used = _used;
        if (!indexed || !TryWalkIndexed(json, copyOffset, slot))
        {
            // The index walk did not accept the line: the reader decides, on a fresh record.
            _used = used;
            StartRecord(slot);
            if (!TryWalkReader(json, copyOffset, slot, out reason)) return false;
        }
        if (_batch.UnixSeconds[slot] == LogBatch.NullNumber)
        {
            reason = _tsReason ?? MalformedReason.MissingFields;
            return false;
        }
        if (_failedTargets > 0)
        {
            reason = FailedReason();
            return false;
        }
        _completer?.Complete(slot, _buffer.AsSpan(0, _used));
        reason = default;
        return true;
    }

    /// <summary>Every column of the format null in <paramref name="slot"/>, and a new record number (which forgets the marks of the last one).</summary>
    private void StartRecord(int slot)
    {
        for (var c = 0; c < _textColumns.Length; c++) _textColumns[c][slot] = ByteRange.Null;
        for (var c = 0; c < _numberColumns.Length; c++) _numberColumns[c][slot] = _numberNulls[c];
        _nanoseconds[slot] = 0;
        _tsReason = null;
        _failedTargets = 0;
        _record++;
    }

    /// <summary>The reference walk: the record read by a <see cref="Utf8JsonReader"/>; false with the reason when it is not one JSON object.</summary>
    private bool TryWalkReader(ReadOnlySpan<byte> json, int copyOffset, int slot, out MalformedReason reason)
    {
        var reader = new Utf8JsonReader(json, s_options);
        try
        {
            reader.Read();
            WalkObject(ref reader, _root, slot, copyOffset);
            // One value per line: anything but whitespace after it throws in Read.
            if (reader.Read())
            {
                reason = MalformedReason.BadJson;
                return false;
            }
        }
        catch (JsonException)
        {
            reason = IsTooDeep(json, ref reader) ? MalformedReason.TooDeep : MalformedReason.BadJson;
            return false;
        }
        reason = default;
        return true;
    }

    /// <summary>
    /// After the reader threw: true when it stopped because of the depth limit, i.e. it stands at
    /// the limit (its depth excludes the container it is on) and the next byte opens one more.
    /// </summary>
    private static bool IsTooDeep(ReadOnlySpan<byte> json, ref Utf8JsonReader reader)
    {
        if (reader.CurrentDepth < MaxDepth - 1) return false;
        var rest = json[(int)reader.BytesConsumed..];
        var next = rest.IndexOfAnyExcept(s_whitespace);
        return next >= 0 && rest[next] is JsonBytes.OpenBrace or JsonBytes.OpenBracket;
    }

    /// <summary>
    /// With the reader on the <c>{</c> of <paramref name="node"/>'s object, reads its properties
    /// and leaves the reader on its <c>}</c>. Recursion follows the spec paths only, so its depth
    /// is that of the longest path, whatever the input.
    /// </summary>
    private void WalkObject(ref Utf8JsonReader reader, JsonPathNode node, int slot, int copyOffset)
    {
        // Invariant: each iteration starts on a property name and consumes it with its whole
        // value; the loop ends on the object's EndObject (a truncated record throws in Read).
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var child = node.Find(ref reader);
            if (child is null)
            {
                reader.Skip();
                continue;
            }
            if (_nodeRecord[child.Index] == _record) Forget(child, slot);
            _nodeRecord[child.Index] = _record;
            reader.Read();
            if (child.Children.Length > 0 && reader.TokenType == JsonTokenType.StartObject)
            {
                var start = (int)reader.TokenStartIndex;
                WalkObject(ref reader, child, slot, copyOffset);
                foreach (var t in child.Targets) AssignRaw(t, slot, copyOffset + start, (int)reader.BytesConsumed - start);
            }
            else if (child.Targets.Length == 1)
            {
                Assign(ref reader, child.Targets[0], slot, copyOffset);
            }
            else if (child.Targets.Length > 1)
            {
                AssignEach(ref reader, child, slot, copyOffset);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>Several specs read the same value: each reads it from a copy of the reader on its first token.</summary>
    private void AssignEach(ref Utf8JsonReader reader, JsonPathNode node, int slot, int copyOffset)
    {
        var start = reader;
        foreach (var t in node.Targets)
        {
            reader = start;
            Assign(ref reader, t, slot, copyOffset);
        }
        reader.Skip();
    }

    /// <summary>The reason of the first spec (in spec order) whose value failed its domain in this record.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private MalformedReason FailedReason()
    {
        for (var t = 0; t < _targets.Length; t++)
            if (_failedRecord[t] == _record) return FieldDomain.ReasonOf(_targets[t].Field);
        return MalformedReason.BadFieldType;
    }

    /// <summary>
    /// The key of <paramref name="node"/> repeats in this record (a duplicate key): what its
    /// earlier value set, the node's fields and those below it, is dropped, so the last
    /// occurrence wins as a whole (as in jq, where a repeated object replaces the earlier one).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Forget(JsonPathNode node, int slot)
    {
        foreach (var t in node.SubtreeTargets)
        {
            var target = _targets[t];
            if (target.Text is { } text) text[slot] = ByteRange.Null;
            else target.Numbers![slot] = target.NullValue;
            if (target.Field == LogField.Ts) (_tsReason, _nanoseconds[slot]) = (null, 0);
            if (_failedRecord[t] == _record)
            {
                _failedRecord[t] = 0;
                _failedTargets--;
            }
        }
        // Descendants seen under the earlier value may appear again under the new one.
        ForgetSeen(node);
    }

    private void ForgetSeen(JsonPathNode node)
    {
        foreach (var child in node.Children)
        {
            _nodeRecord[child.Index] = 0;
            ForgetSeen(child);
        }
    }
}
