using FastLog.Columns;
using FastLog.Formats;
using FastLog.Formats.Json;
using Microsoft.Win32.SafeHandles;

namespace FastLog.Input;

/// <summary>
/// Decides how each input is read before any record is parsed: its format (forced, or sniffed
/// from its first bytes), whether it is skipped (a CloudTrail digest, binary data), whether its
/// records must be reframed into lines (a <c>{"Records":[…]}</c> file), and a regular file's
/// line-aligned chunks. A stream is sniffed when it is opened (<see cref="OpenStream"/>), since it
/// can be read only once.
/// </summary>
public static class InputPlanner
{
    /// <summary>
    /// The plan of one input: one whole-stream chunk for a stream (sniffed when opened) or a
    /// reframed file; a regular file's chunks of <paramref name="chunkBytes"/> (null: chosen by
    /// size); no chunk when it is skipped or cannot be opened.
    /// </summary>
    public static InputPlan Plan(InputSource input, ILogFormat? forced, FormatSettings settings, long? chunkBytes)
    {
        if (input.Kind != InputKind.File) return new InputPlan(input, new InputSniff(forced, false, false, null), [WholeStream(input)], null);
        var sniff = default(InputSniff);
        try
        {
            // Opened to plan and closed at once: chunks reopen it when they run (ChunkedInputFile).
            using var handle = input.OpenFile();
            var sample = ReadSample(handle, input.Length);
            sniff = Sniff(forced, sample, settings, input.Length == 0);
            if (sniff.Format is not { } format) return new InputPlan(input, sniff, [], null);
            // Records that are not one per line (a {"Records":[…]} file) are read as one stream.
            if (format.Reframer(sample) is not null) return new InputPlan(input with { Kind = InputKind.Reframed }, sniff, [WholeStream(input)], null);
            var chunks = ChunkPlanner.Plan(handle, input.Index, input.Length, chunkBytes ?? ChunkPlanner.ChooseChunkBytes(input.Length));
            return new InputPlan(input, sniff, chunks, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A failure while chunking keeps the format already decided, as the report shows it.
            return new InputPlan(input, sniff, [], InputError.Describe(e));
        }
    }

    /// <summary>
    /// Opens a stream input (<paramref name="raw"/>: standard input, a pipe, a gzip or reframed
    /// file) for reading: gzip piped in is decompressed, and the first bytes decide the format.
    /// </summary>
    public static SniffedStream OpenStream(Stream raw, InputKind kind, ILogFormat? forced, FormatSettings settings)
    {
        var gzip = raw as GzipVerifyingStream;
        Stream stream = PrefixedStream.Peek(raw, FormatDetector.SampleBytes, out var sample);
        if ((kind is InputKind.Stdin or InputKind.Pipe or InputKind.Unsized) && sample.Length >= 2 && sample.Span[0] == 0x1F && sample.Span[1] == 0x8B)
        {
            // gzip piped in (fastlog - < access.log.gz, <(cat access.log.gz)): decompress, and sniff the decompressed bytes.
            stream = PrefixedStream.Peek(gzip = new GzipVerifyingStream(stream), FormatDetector.SampleBytes, out sample);
        }
        var sniff = Sniff(forced, sample.Span, settings, sample.IsEmpty);
        return new SniffedStream(stream, gzip, sniff, sniff.Format?.Reframer(sample.Span));
    }

    /// <summary>
    /// What the first bytes <paramref name="sample"/> decide: a digest file is skipped unless
    /// another format than cloudtrail is forced; binary data is skipped unless read as parquet;
    /// an input no format can read is parsed as combined, so that every line is counted as
    /// malformed with its reason rather than the input being skipped.
    /// </summary>
    public static InputSniff Sniff(ILogFormat? forced, ReadOnlySpan<byte> sample, FormatSettings settings, bool empty)
    {
        if ((forced is null || forced.Id == LogFormat.CloudTrail) && CloudTrailDigest.IsDigest(sample)) return new InputSniff(null, false, true, null);
        var detected = forced ?? FormatDetector.Detect(sample, settings);
        if (NotText(detected, sample) is { } notText) return new InputSniff(null, false, false, notText);
        return new InputSniff(detected ?? FormatRegistry.Get(LogFormat.Combined), detected is null && !empty, false, null);
    }

    /// <summary>
    /// Why an input whose first bytes are <paramref name="sample"/> is skipped (UTF-16, an
    /// executable, an unsupported compression, binary data), or null to read it. Parquet is binary
    /// and read.
    /// </summary>
    private static string? NotText(ILogFormat? format, ReadOnlySpan<byte> sample)
        => format?.Id == LogFormat.Parquet ? null : BinaryDetection.Describe(sample) is { } why ? why + "; input skipped" : null;

    private static LogChunk WholeStream(InputSource input) => new(input.Index, 0, 0, -1);

    private static byte[] ReadSample(SafeFileHandle handle, long length)
    {
        // The same sample as a stream's: past an oversized first line (see PrefixedStream.Peek).
        using var peek = PrefixedStream.Peek(new ChunkReadStream(handle, 0, length), FormatDetector.SampleBytes, out var sample);
        if (sample.Length < FormatDetector.SampleBytes || sample.Span.Contains((byte)'\n')) return sample.ToArray();
        // A first line longer than a stream may buffer: a file can skip it without holding it.
        var end = ChunkPlanner.LineEndAtOrAfter(handle, sample.Length, length, new byte[FormatDetector.SampleBytes]);
        if (end >= length) return sample.ToArray();
        var after = new byte[(int)Math.Min(FormatDetector.SampleBytes, length - end)];
        return after[..RandomAccess.Read(handle, after, end)];
    }
}
