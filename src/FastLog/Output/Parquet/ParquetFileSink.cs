using System.Buffers.Binary;
using System.Text;
using FastLog.Columns;
using FastLog.Formats;
using FastLog.Formats.Parquet;
using FastLog.Output.Sinks;
using Parquet;
using Parquet.Schema;

namespace FastLog.Output.Parquet;

/// <summary>
/// The ordered end of the Parquet writer: a write-only stream that receives the records of
/// <see cref="ParquetRecordEncoder"/> in input order (from the <c>OrderedChunkWriter</c>),
/// decodes them into column buffers and writes a row group every
/// <see cref="ParquetLayout.RowGroupRows"/> records through Parquet.Net's low-level
/// <see cref="ParquetWriter"/> (Zstd). <see cref="Complete"/> writes the last row group and
/// the footer with the file metadata.
/// </summary>
/// <remarks>
/// Memory is one row group's columns: text values are decoded into reused 1 Mi-char blocks
/// and referenced as <see cref="ReadOnlyMemory{T}"/> slices, never as one string per value.
/// </remarks>
public sealed class ParquetFileSink : WriteOnlyStream
{
    private const int CharBlock = 1 << 20;

    private readonly LogField[] _fields;
    private readonly DataField[] _columns;
    private readonly DataField _formatColumn = ParquetLayout.FormatField();
    private readonly ParquetWriter _writer;
    private readonly object?[] _values;
    private readonly ReadOnlyMemory<char>?[] _formats = new ReadOnlyMemory<char>?[ParquetLayout.RowGroupRows];
    private readonly List<LogFormat> _formatsSeen = [];
    private readonly ReadOnlyMemory<char>[][] _symbols;
    private readonly List<char[]> _blocks = [];
    private readonly Dictionary<string, string> _unitMetadata = new() { [ParquetLayout.UnitKey] = ParquetLayout.Microseconds };
    private readonly string _version;
    private int _block;
    private int _blockUsed;
    private int _rows;
    private byte[] _carry = [];
    private int _carryLength;
    private bool _completed;

    /// <summary>
    /// Starts a Parquet file of <paramref name="fields"/> on <paramref name="output"/> (seekable or
    /// not). <c>ts</c> is appended when not asked for: every record has one, and the
    /// <c>parquet</c> input format needs it to read the file back.
    /// </summary>
    public ParquetFileSink(Stream output, IReadOnlyList<LogField> fields, string version)
    {
        _fields = [.. fields.Where(ParquetLayout.IsStored)];
        if (!_fields.Contains(LogField.Ts)) _fields = [.. _fields, LogField.Ts];
        _columns = [.. _fields.Select(ParquetLayout.Column)];
        _version = version;
        _values = new object?[_fields.Length];
        _symbols = new ReadOnlyMemory<char>[_fields.Length][];
        for (var c = 0; c < _fields.Length; c++)
        {
            var info = FieldNames.Info(_fields[c]);
            _values[c] = _columns[c] switch
            {
                DateTimeDataField => new DateTime?[ParquetLayout.RowGroupRows],
                DataField<int?> => new int?[ParquetLayout.RowGroupRows],
                DataField<long?> => new long?[ParquetLayout.RowGroupRows],
                _ => new ReadOnlyMemory<char>?[ParquetLayout.RowGroupRows],
            };
            _symbols[c] = info.Symbols is { } names ? [.. names.Select(n => n.AsMemory())] : [];
        }
        var schema = new ParquetSchema([.. _columns, _formatColumn]);
        try
        {
            _writer = ParquetWriter.CreateAsync(schema, new PositionStream(output), new ParquetOptions { CompressionMethod = CompressionMethod.Zstd })
                .GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"parquet: cannot start the file: {e.Message}", e);
        }
    }

    /// <summary>The fields written (the stored ones of those asked for, in order).</summary>
    public IReadOnlyList<LogField> Fields => _fields;

    /// <summary>Records written so far.</summary>
    public long Records { get; private set; }

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_carryLength > 0)
        {
            // A record cut between two writes (never done by the encoder, handled anyway).
            Append(buffer);
            var used = Decode(_carry.AsSpan(0, _carryLength));
            _carry.AsSpan(used, _carryLength - used).CopyTo(_carry);
            _carryLength -= used;
            return;
        }
        var consumed = Decode(buffer);
        if (consumed < buffer.Length) Append(buffer[consumed..]);
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_carry.Length < _carryLength + data.Length) Array.Resize(ref _carry, Math.Max(_carryLength + data.Length, _carry.Length * 2));
        data.CopyTo(_carry.AsSpan(_carryLength));
        _carryLength += data.Length;
    }

    /// <summary>Decodes the whole records at the start of <paramref name="data"/>; returns the bytes used.</summary>
    private int Decode(ReadOnlySpan<byte> data)
    {
        var position = 0;
        // Invariant: position is the start of a record; a record is taken only when whole.
        while (position < data.Length)
        {
            var length = RecordLength(data[position..]);
            if (length < 0) break;
            AddRecord(data.Slice(position, length));
            position += length;
        }
        return position;
    }

    /// <summary>Length of the record at the start of <paramref name="data"/>, or -1 when it is not whole yet.</summary>
    private int RecordLength(ReadOnlySpan<byte> data)
    {
        var p = 1;
        if (data.Length < p) return -1;
        for (var c = 0; c < _values.Length; c++)
        {
            if (_values[c] is ReadOnlyMemory<char>?[] && _symbols[c].Length == 0)
            {
                if (data.Length < p + 4) return -1;
                var n = BinaryPrimitives.ReadInt32LittleEndian(data[p..]);
                p += 4 + Math.Max(n, 0);
            }
            else
            {
                p += _values[c] is DateTime?[] ? 12 : 8; // ts: seconds and microseconds
            }
            if (data.Length < p) return -1;
        }
        return p;
    }

    private void AddRecord(ReadOnlySpan<byte> record)
    {
        var format = (LogFormat)record[0];
        if (!_formatsSeen.Contains(format)) _formatsSeen.Add(format);
        _formats[_rows] = ParquetLayout.FormatName(format).AsMemory();
        var p = 1;
        for (var c = 0; c < _values.Length; c++)
        {
            switch (_values[c])
            {
                case ReadOnlyMemory<char>?[] text when _symbols[c].Length == 0:
                    var n = BinaryPrimitives.ReadInt32LittleEndian(record[p..]);
                    p += 4;
                    if (n < 0)
                    {
                        text[_rows] = null;
                        break;
                    }
                    text[_rows] = Chars(record.Slice(p, n));
                    p += n;
                    break;
                case ReadOnlyMemory<char>?[] symbol:
                    var code = BinaryPrimitives.ReadInt64LittleEndian(record[p..]);
                    p += 8;
                    symbol[_rows] = (ulong)code < (ulong)_symbols[c].Length ? _symbols[c][code] : (ReadOnlyMemory<char>?)null;
                    break;
                case DateTime?[] times:
                    var seconds = BinaryPrimitives.ReadInt64LittleEndian(record[p..]);
                    var micros = BinaryPrimitives.ReadInt32LittleEndian(record[(p + 8)..]);
                    p += 12;
                    times[_rows] = seconds == LogBatch.NullNumber || seconds < MinSeconds || seconds > MaxSeconds
                        ? null : DateTime.UnixEpoch.AddSeconds(seconds).AddTicks(micros * TimeSpan.TicksPerMicrosecond);
                    break;
                case int?[] ints:
                    var status = BinaryPrimitives.ReadInt64LittleEndian(record[p..]);
                    p += 8;
                    ints[_rows] = status == LogBatch.NullNumber ? null : (int)status;
                    break;
                case long?[] longs:
                    var value = BinaryPrimitives.ReadInt64LittleEndian(record[p..]);
                    p += 8;
                    longs[_rows] = value == LogBatch.NullNumber ? null : value;
                    break;
            }
        }
        _rows++;
        Records++;
        if (_rows == ParquetLayout.RowGroupRows) FlushRowGroup();
    }

    private static readonly long MinSeconds = (long)(DateTime.MinValue - DateTime.UnixEpoch).TotalSeconds;
    private static readonly long MaxSeconds = (long)(DateTime.MaxValue - DateTime.UnixEpoch).TotalSeconds;

    /// <summary>The UTF-8 <paramref name="bytes"/> as chars in the current block (invalid sequences become U+FFFD).</summary>
    private ReadOnlyMemory<char> Chars(ReadOnlySpan<byte> bytes)
    {
        var needed = Encoding.UTF8.GetMaxCharCount(bytes.Length);
        if (needed > CharBlock)
            return Encoding.UTF8.GetString(bytes).AsMemory(); // deliberate: a value over 1 Mi chars gets its own string
        if (_block == _blocks.Count || CharBlock - _blockUsed < needed)
        {
            if (_block < _blocks.Count && _blockUsed > 0) _block++;
            if (_block == _blocks.Count) _blocks.Add(new char[CharBlock]);
            _blockUsed = 0;
        }
        var destination = _blocks[_block];
        var written = Encoding.UTF8.GetChars(bytes, destination.AsSpan(_blockUsed));
        var memory = destination.AsMemory(_blockUsed, written);
        _blockUsed += written;
        return memory;
    }

    private void FlushRowGroup()
    {
        if (_rows == 0) return;
        try
        {
            using var group = _writer.CreateRowGroup();
            for (var c = 0; c < _columns.Length; c++)
            {
                var column = _columns[c];
                var task = _values[c] switch
                {
                    DateTime?[] times => group.WriteAsync<DateTime>(column, times.AsMemory(0, _rows)),
                    int?[] ints => group.WriteAsync<int>(column, ints.AsMemory(0, _rows)),
                    long?[] longs => group.WriteAsync<long>(column, longs.AsMemory(0, _rows),
                        customMetadata: FieldNames.Info(_fields[c]).Kind == FieldKind.Duration ? _unitMetadata : null),
                    var text => group.WriteAsync<ReadOnlyMemory<char>>(column, ((ReadOnlyMemory<char>?[])text!).AsMemory(0, _rows)),
                };
                task.GetAwaiter().GetResult();
            }
            group.WriteAsync<ReadOnlyMemory<char>>(_formatColumn, _formats.AsMemory(0, _rows)).GetAwaiter().GetResult();
            group.CompleteValidate();
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"parquet: writing a row group failed: {e.Message}", e);
        }
        _rows = 0;
        _block = 0;
        _blockUsed = 0;
    }

    /// <summary>Writes the last row group and the footer (metadata: version, formats, duration unit).</summary>
    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        FlushRowGroup();
        _writer.CustomMetadata = new Dictionary<string, string>
        {
            [ParquetLayout.VersionKey] = _version,
            [ParquetLayout.FormatKey] = string.Join(',', _formatsSeen.Select(ParquetLayout.FormatName)),
            [ParquetLayout.DurationUnitKey] = ParquetLayout.Microseconds,
        };
        try
        {
            _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"parquet: writing the footer failed: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public override void Flush()
    {
        // Row groups go out when full; the rest waits for Complete.
    }

    /// <summary>
    /// Forwards writes and counts them as the position, so Parquet.Net, which asks for
    /// <see cref="Stream.Position"/> to record column offsets, can write to a pipe.
    /// </summary>
    private sealed class PositionStream(Stream inner) : Stream
    {
        private long _position;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            _position += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            inner.Flush();
            return Task.CompletedTask;
        }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _position;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
