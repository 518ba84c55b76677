using System.Runtime.CompilerServices;

namespace FastLog.Columns;

/// <summary>
/// Struct-of-arrays buffer of up to <see cref="Capacity"/> parsed records of one format, reused
/// by one parser. Byte fields are ranges into the block handed to the consumer with the batch
/// (the input's bytes, or a parser's own buffer of unescaped values), so a batch is consumed
/// before its block is released.
/// </summary>
/// <remarks>
/// The access-log columns are named fields, allocated always (the hot path of the CLF parser).
/// Every other field's column is allocated by the parser that writes it
/// (<see cref="EnsureText"/>, <see cref="EnsureNumber"/>); a parser writes every column it
/// allocated for every record. Readers ask <see cref="TextColumn"/> and <see cref="NumberColumn"/>,
/// which answer a shared all-null column for a field this batch's format does not have, so a
/// query over mixed formats sees "absent", never stale values.
/// </remarks>
public sealed class LogBatch
{
    /// <summary>
    /// 4096 records: a 256 KiB block of combined log (~225 bytes a line) is ~1,200 records, so
    /// one batch normally holds a whole block and the columns stay in L2.
    /// </summary>
    public const int DefaultCapacity = 4096;

    /// <summary>Number of records held.</summary>
    public int Count;

    /// <summary>Where the block the records were parsed from sits in its input (set by the parser per block).</summary>
    public BlockOrigin Origin;

    /// <summary>The format of the records (set by the parser).</summary>
    public LogFormat Format;

    /// <summary>Value of absent numbers in generic columns (<see cref="NumberColumn"/>); bytes and request time use -1.</summary>
    public const long NullNumber = long.MinValue;

    private readonly ByteRange[]?[] _text = new ByteRange[]?[FieldNames.Count];
    private readonly long[]?[] _numbers = new long[]?[FieldNames.Count];
    private readonly ByteRange[] _nullText;
    private readonly long[] _nullNumbers;
    private int[]? _nanoseconds;

    /// <summary>Maximum number of records.</summary>
    public int Capacity { get; }

    /// <summary>The whole line without its LF (a CR before the LF is kept): the raw bytes <c>filter</c> prints.</summary>
    public readonly ByteRange[] Line;
    /// <summary>0-based index of the line within its chunk.</summary>
    public readonly long[] LineIndex;
    /// <summary>
    /// Byte offset of the line's first byte in its input, counted as <see cref="BlockOrigin.FileOffset"/>
    /// is. Its own column because <see cref="Line"/> may point into a parser's copy of the line
    /// (JSON, W3C), whose offsets say nothing about the input.
    /// </summary>
    public readonly long[] FileOffset;
    /// <summary>Client address or host name.</summary>
    public readonly ByteRange[] Ip;
    /// <summary>Authenticated user; null for <c>-</c>.</summary>
    public readonly ByteRange[] User;
    /// <summary>Request method; null when the request line is absent or not three tokens.</summary>
    public readonly ByteRange[] Method;
    /// <summary>Request target up to <c>?</c>.</summary>
    public readonly ByteRange[] Path;
    /// <summary>Query after <c>?</c>; null when there is no <c>?</c>.</summary>
    public readonly ByteRange[] Query;
    /// <summary>Request protocol.</summary>
    public readonly ByteRange[] Protocol;
    /// <summary>Referer; null for <c>-</c> or in the common format.</summary>
    public readonly ByteRange[] Referer;
    /// <summary>User agent; null for <c>-</c> or in the common format.</summary>
    public readonly ByteRange[] Agent;
    /// <summary>Status code, 100–999.</summary>
    public readonly short[] Status;
    /// <summary>Body bytes; -1 for <c>-</c>.</summary>
    public readonly long[] Bytes;
    /// <summary>Timestamp in Unix seconds, UTC.</summary>
    public readonly long[] UnixSeconds;
    /// <summary>Request time in microseconds; -1 when absent.</summary>
    public readonly long[] RequestTimeMicros;

    /// <summary>
    /// True for a record right after a line that ended inside an open quote (a possible forged
    /// continuation, <c>suspect_continuation</c>); set by the access-log parser, false elsewhere.
    /// </summary>
    public readonly bool[] SuspectContinuation;

    /// <summary>Creates a batch with room for <paramref name="capacity"/> records.</summary>
    public LogBatch(int capacity = DefaultCapacity)
    {
        Capacity = capacity;
        Line = new ByteRange[capacity];
        LineIndex = new long[capacity];
        FileOffset = new long[capacity];
        Ip = new ByteRange[capacity];
        User = new ByteRange[capacity];
        Method = new ByteRange[capacity];
        Path = new ByteRange[capacity];
        Query = new ByteRange[capacity];
        Protocol = new ByteRange[capacity];
        Referer = new ByteRange[capacity];
        Agent = new ByteRange[capacity];
        Status = new short[capacity];
        Bytes = new long[capacity];
        UnixSeconds = new long[capacity];
        RequestTimeMicros = new long[capacity];
        SuspectContinuation = new bool[capacity];
        _text[(int)LogField.Ip] = Ip;
        _text[(int)LogField.User] = User;
        _text[(int)LogField.Method] = Method;
        _text[(int)LogField.Path] = Path;
        _text[(int)LogField.Query] = Query;
        _text[(int)LogField.Protocol] = Protocol;
        _text[(int)LogField.Referer] = Referer;
        _text[(int)LogField.Agent] = Agent;
        _numbers[(int)LogField.Bytes] = Bytes;
        _numbers[(int)LogField.RequestTime] = RequestTimeMicros;
        _numbers[(int)LogField.Ts] = UnixSeconds;
        _nullText = new ByteRange[capacity];
        _nullText.AsSpan().Fill(ByteRange.Null);
        _nullNumbers = new long[capacity];
        _nullNumbers.AsSpan().Fill(NullNumber);
    }

    /// <summary>The column of text field <paramref name="field"/>, allocated on first use: for the parser that writes it.</summary>
    public ByteRange[] EnsureText(LogField field)
    {
        FastLog.Diagnostics.FastLogAssert.True(FieldNames.Info(field).IsText);
        return _text[(int)field] ??= new ByteRange[Capacity];
    }

    /// <summary>The column of number field <paramref name="field"/> (integers, durations in µs, symbol codes), allocated on first use.</summary>
    public long[] EnsureNumber(LogField field)
    {
        FastLog.Diagnostics.FastLogAssert.True(FieldNames.Info(field).IsNumber && field != LogField.Status);
        return _numbers[(int)field] ??= new long[Capacity];
    }

    /// <summary>True when this batch's parser writes <paramref name="field"/> (status and hour count as present with ts).</summary>
    public bool Has(LogField field) => field switch
    {
        LogField.Status => LogFormatFamilies.IsAccessLog(Format),
        LogField.Hour => true,
        _ => _text[(int)field] is not null || _numbers[(int)field] is not null,
    };

    /// <summary>
    /// Nanoseconds past <see cref="UnixSeconds"/> (0–999,999,999), or null when this batch's
    /// format has whole-second timestamps. A parser that allocates it (<see cref="EnsureNanoseconds"/>) writes it for every record.
    /// </summary>
    public int[]? Nanoseconds => _nanoseconds;

    /// <summary>The <see cref="Nanoseconds"/> column, allocated on first use: for a parser whose timestamps carry a fraction of a second.</summary>
    public int[] EnsureNanoseconds() => _nanoseconds ??= new int[Capacity];

    /// <summary>The occurrences each record stands for (<see cref="LogField.Repeat"/>), or null when every record counts once.</summary>
    public long[]? Repeats => _numbers[(int)LogField.Repeat];

    /// <summary>The byte-range column of a text field (all null when this batch's format lacks it), or null for a field that is not text.</summary>
    public ByteRange[]? TextColumn(LogField field) => FieldNames.Info(field).IsText ? _text[(int)field] ?? _nullText : null;

    /// <summary>The <c>long</c> column of a number field (all <see cref="NullNumber"/> when this batch's format lacks it), or null for status and non-number fields.</summary>
    public long[]? NumberColumn(LogField field) => FieldNames.Info(field).IsNumber && field != LogField.Status ? _numbers[(int)field] ?? _nullNumbers : null;

    /// <summary>
    /// The value of numeric field <paramref name="field"/> for record <paramref name="r"/>, or
    /// <see cref="NullNumber"/> when absent: every output writes absence from this one rule, a
    /// value outside the field's <see cref="FieldDomain"/> is absent (status 0 is the parsers'
    /// absent status, w3c/alb <c>-</c>; bytes and request time are -1 when <c>-</c>; a format
    /// without the field has none). The parsers let no other value in, so a writer never has to
    /// print a number its field cannot hold (a negative latency as <c>-</c> in JSON).
    /// </summary>
    public long NumberOrNull(LogField field, int r)
    {
        long value;
        if (field == LogField.Status)
        {
            if (!Has(LogField.Status)) return NullNumber;
            value = Status[r];
        }
        else if (NumberColumn(field) is { } column)
        {
            value = column[r];
        }
        else
        {
            return NullNumber;
        }
        return FieldDomain.Contains(field, value) ? value : NullNumber;
    }

    /// <summary>
    /// Sets the access-log fields of record <paramref name="i"/> absent (null text, status 0,
    /// bytes and request time -1): what a parser whose format may lack any of them writes
    /// before it fills in those the line has.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ClearAccessFields(int i)
    {
        Ip[i] = ByteRange.Null;
        User[i] = ByteRange.Null;
        Method[i] = ByteRange.Null;
        Path[i] = ByteRange.Null;
        Query[i] = ByteRange.Null;
        Protocol[i] = ByteRange.Null;
        Referer[i] = ByteRange.Null;
        Agent[i] = ByteRange.Null;
        Status[i] = 0;
        Bytes[i] = -1;
        RequestTimeMicros[i] = -1;
    }

    /// <summary>
    /// Makes this batch the records <paramref name="selection"/> of <paramref name="source"/>, in
    /// order, column by column (ranges still point into the source's block). Columns the source
    /// lacks are dropped here too, so none is left over from an earlier batch.
    /// </summary>
    public void CopySelected(LogBatch source, ReadOnlySpan<int> selection)
    {
        // Invariant: record j is source record selection[j]; every column goes through the same
        // index list, so the records stay whole.
        Gather(source.Line, selection, Line);
        Gather(source.LineIndex, selection, LineIndex);
        Gather(source.FileOffset, selection, FileOffset);
        Gather(source.Status, selection, Status);
        if (source._nanoseconds is { } nanoseconds) Gather(nanoseconds, selection, _nanoseconds ??= new int[Capacity]);
        else _nanoseconds = null;
        Gather(source.SuspectContinuation, selection, SuspectContinuation);
        for (var f = 0; f < _text.Length; f++)
        {
            if (source._text[f] is { } text) Gather(text, selection, _text[f] ??= new ByteRange[Capacity]);
            else _text[f] = null;
            if (source._numbers[f] is { } numbers) Gather(numbers, selection, _numbers[f] ??= new long[Capacity]);
            else _numbers[f] = null;
        }
        Count = selection.Length;
        Origin = source.Origin;
        Format = source.Format;
    }

    private static void Gather<T>(T[] source, ReadOnlySpan<int> selection, T[] destination)
    {
        for (var j = 0; j < selection.Length; j++) destination[j] = source[selection[j]];
    }

    /// <summary>True when no more records fit.</summary>
    public bool IsFull => Count == Capacity;
}
