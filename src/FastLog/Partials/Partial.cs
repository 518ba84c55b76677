using System.IO.Compression;
using FastLog.Diagnostics;

namespace FastLog.Partials;

/// <summary>
/// The saved state of a run (<c>--partial FILE</c>), which <c>fastlog merge</c> combines with others
/// into the report one run over all the inputs would print. The layout is documented in docs/partials.md.
/// </summary>
/// <remarks>
/// File: <c>magic (8 bytes "FLPART\r\n")</c>, <c>format version (u16 LE)</c>, <c>body length (u64 LE)</c>,
/// <c>body</c> (Brotli), <c>XxHash128 of every byte before it (16 bytes, LE)</c>. The decompressed body:
/// tool version, command, the options that shape the result, the inputs, the line counters, the
/// malformed samples, then the aggregator's own state (<see cref="IPartialState"/>).
/// </remarks>
public sealed class Partial
{
    /// <summary>Version of the layout; a reader refuses any other.</summary>
    public const int FormatVersion = 3;

    private static ReadOnlySpan<byte> Magic => "FLPART\r\n"u8;
    // A body is a few MB even for a huge log (bounded tables); past this it is not a partial.
    private const int MaxBodyBytes = int.MaxValue - 64;

    /// <summary>The fastlog version that wrote it: merge refuses partials of different versions.</summary>
    public required string ToolVersion { get; init; }
    /// <summary>The command (analyze, detect, top, count, stats).</summary>
    public required string Command { get; init; }
    /// <summary>The options that shape the result, canonical (<c>name=value</c>, in a fixed order): merge refuses partials whose options differ.</summary>
    public required IReadOnlyList<string> Options { get; init; }
    /// <summary>The inputs covered (a merged partial covers all of its parts' inputs).</summary>
    public required IReadOnlyList<ShardInput> Inputs { get; init; }
    /// <summary>The line counters (their sample lists are not used: see <see cref="Samples"/>).</summary>
    public required ParseCounters Counters { get; init; }
    /// <summary>The first malformed lines per reason, in input order.</summary>
    public required IReadOnlyList<MalformedLine> Samples { get; init; }
    /// <summary>The aggregator's state, as <see cref="IPartialState.WriteState"/> wrote it.</summary>
    public required byte[] State { get; init; }

    /// <summary>The whole file.</summary>
    public byte[] ToBytes()
    {
        var body = new PartialWriter();
        body.WriteString(ToolVersion);
        body.WriteString(Command);
        body.WriteUInt((ulong)Options.Count);
        foreach (var option in Options) body.WriteString(option);
        body.WriteUInt((ulong)Inputs.Count);
        foreach (var input in Inputs)
        {
            body.WriteString(input.Path);
            body.WriteString(input.Format);
            body.WriteBool(input.FormatGuessed);
            body.WriteInt(input.Bytes);
            body.WriteInt(input.Lines);
            body.WriteInt(input.Size);
            body.WriteInt(input.ModifiedUnixSeconds);
            body.WriteUInt((ulong)(input.ContentHash >> 64));
            body.WriteUInt((ulong)input.ContentHash);
            body.WriteUInt((ulong)(input.Shard?.Count ?? 0));
            if (input.Shard is not { } shard) continue;
            body.WriteUInt((ulong)shard.First);
            body.WriteUInt((ulong)shard.End);
            body.WriteInt(shard.ChunkBytes);
        }
        WriteCounters(body, Counters);
        body.WriteUInt((ulong)Samples.Count);
        foreach (var s in Samples)
        {
            body.WriteString(s.Path);
            body.WriteInt(s.LineNumber);
            body.WriteInt(s.FileOffset);
            body.WriteUInt((ulong)s.Reason);
            body.WriteBytes(s.Excerpt);
            body.WriteBool(s.Truncated);
            body.WriteInt(s.RegionLength);
        }
        body.WriteBytes(State);

        var compressed = new MemoryStream();
        using (var brotli = new BrotliStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) brotli.Write(body.Written);
        return Envelope.Wrap(Magic, FormatVersion, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
    }

    /// <summary>Reads a partial from its file bytes.</summary>
    /// <exception cref="InvalidDataException">Not a partial, another layout version, truncated, or corrupt (the checksum or the body).</exception>
    public static Partial FromBytes(ReadOnlySpan<byte> file)
    {
        var body = new PartialReader(Decompress(Envelope.Open(file, Magic, FormatVersion, "partial")));
        var toolVersion = body.ReadString() ?? "";
        var command = body.ReadString() ?? "";
        var options = new string[body.ReadCount(body.Remaining)];
        for (var i = 0; i < options.Length; i++) options[i] = body.ReadString() ?? "";
        var inputs = new ShardInput[body.ReadCount(body.Remaining)];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = new ShardInput(body.ReadString() ?? "-", body.ReadString(), body.ReadBool(), body.ReadInt(), body.ReadInt(), body.ReadInt(), body.ReadInt(),
                new UInt128(body.ReadUInt(), body.ReadUInt()), ReadShard(body));
        }
        var counters = ReadCounters(body);
        var samples = new MalformedLine[body.ReadCount(body.Remaining)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = new MalformedLine(body.ReadString() ?? "-", body.ReadInt(), body.ReadInt(), (MalformedReason)body.ReadCount(MalformedReasons.Count - 1),
                body.ReadBytes().ToArray(), body.ReadBool(), body.ReadInt());
        }
        var state = body.ReadBytes().ToArray();
        body.ExpectEnd();
        return new Partial
        {
            ToolVersion = toolVersion, Command = command, Options = options, Inputs = inputs, Counters = counters, Samples = samples, State = state,
        };
    }

    private static ShardRange? ReadShard(PartialReader body)
    {
        var count = body.ReadCount(int.MaxValue);
        if (count == 0) return null;
        var first = body.ReadCount(count - 1);
        var end = body.ReadCount(count);
        var chunkBytes = body.ReadInt();
        if (end <= first || chunkBytes < 1) throw new InvalidDataException($"corrupt partial: shards {first}-{end} of {count}, chunks of {chunkBytes} bytes");
        return new ShardRange(first, end, count, chunkBytes);
    }

    private static byte[] Decompress(ReadOnlySpan<byte> compressed)
    {
        using var brotli = new BrotliStream(new MemoryStream(compressed.ToArray()), CompressionMode.Decompress);
        var output = new MemoryStream();
        var buffer = new byte[1 << 16];
        int read;
        try
        {
            // Invariant: output holds the first output.Length decompressed bytes, at most MaxBodyBytes.
            while ((read = brotli.Read(buffer)) > 0)
            {
                if (output.Length + read > MaxBodyBytes) throw new InvalidDataException("corrupt partial (the body decompresses past 2 GB)");
                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"corrupt partial (the body does not decompress: {e.Message})", e);
        }
        return output.ToArray();
    }

    internal static void WriteCounters(PartialWriter writer, ParseCounters counters)
    {
        writer.WriteInt(counters.Lines);
        writer.WriteInt(counters.Parsed);
        writer.WriteInt(counters.Blank);
        writer.WriteInt(counters.NulRegions);
        writer.WriteInt(counters.NulRegionBytes);
        writer.WriteCounts(counters.MalformedByReason);
        writer.WriteCounts(counters.Flagged);
    }

    internal static ParseCounters ReadCounters(PartialReader reader)
    {
        var counters = new ParseCounters
        {
            Lines = reader.ReadInt(),
            Parsed = reader.ReadInt(),
            Blank = reader.ReadInt(),
            NulRegions = reader.ReadInt(),
            NulRegionBytes = reader.ReadInt(),
        };
        reader.ReadCounts(counters.MalformedByReason);
        reader.ReadCounts(counters.Flagged);
        return counters;
    }
}
