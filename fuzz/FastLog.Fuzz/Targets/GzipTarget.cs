using System.IO.Compression;
using System.IO.Hashing;
using FastLog.Fuzz.Invariants;
using FastLog.Input;

namespace FastLog.Fuzz.Targets;

/// <summary>
/// The gzip verifier: it fails only with <see cref="InvalidDataException"/>; it gives the same
/// bytes whatever the read sizes (before an error, one a prefix of the other); and a file it accepts without a warning decompresses to the
/// same bytes with .NET's own <see cref="GZipStream"/> (the independent oracle).
/// </summary>
public sealed class GzipTarget : IFuzzTarget
{
    /// <summary>Decompressed bytes read at most per input: a small bomb must not stall the fuzzer.</summary>
    private const int MaxOutput = 8 << 20;

    /// <inheritdoc/>
    public string Name => "gzip";

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
    {
        var bytes = data.ToArray();
        var (whole, wholeError, warning) = Verify(bytes, 1 << 16);
        var readSize = 1 + (int)(XxHash64.HashToUInt64(data) % 4099);
        var (pieces, piecesError, _) = Verify(bytes, readSize);
        // Before an error, the bytes handed out depend on the read size (the inflater fails
        // inside a read whose earlier output is then lost), so only the shorter must be a prefix
        // of the longer; without an error they are the same bytes.
        var shorter = whole.Length <= pieces.Length ? whole : pieces;
        var longer = whole.Length <= pieces.Length ? pieces : whole;
        var agree = wholeError is null ? piecesError is null && whole.AsSpan().SequenceEqual(pieces) : piecesError is not null && longer.AsSpan().StartsWith(shorter);
        if (!agree)
            Fail($"reads of {readSize} bytes give {pieces.Length} bytes ({piecesError ?? "ok"}), reads of 64 KiB give {whole.Length} ({wholeError ?? "ok"})");
        if (wholeError is not null || warning is not null || whole.Length >= MaxOutput) return;
        byte[] expected;
        try
        {
            using var reference = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            var output = new MemoryStream();
            reference.CopyTo(output);
            expected = output.ToArray();
        }
        catch (InvalidDataException e)
        {
            Fail($"accepted {whole.Length} bytes that GZipStream refuses: {e.Message}");
            return;
        }
        if (!expected.AsSpan().SequenceEqual(whole)) Fail($"accepted {whole.Length} bytes, GZipStream gives {expected.Length}");
    }

    private static (byte[] Output, string? Error, string? Warning) Verify(byte[] input, int readSize)
    {
        using var stream = new GzipVerifyingStream(new MemoryStream(input));
        var output = new MemoryStream();
        var buffer = new byte[readSize];
        try
        {
            int n;
            // Invariant: output holds every byte the verifier returned so far (at most MaxOutput plus one read).
            while (output.Length < MaxOutput && (n = stream.Read(buffer)) > 0) output.Write(buffer, 0, n);
        }
        catch (InvalidDataException e)
        {
            return (output.ToArray(), e.Message, stream.Warning);
        }
        return (output.ToArray(), null, stream.Warning);
    }

    private static void Fail(string message) => throw new InvariantViolation("gzip", message);

    /// <inheritdoc/>
    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        var plain = SeedSlices.FromFile(Path.Combine(FuzzTargets.RepoRoot, "data/samples/combined/access.log"), 2).ToList();
        foreach (var (name, bytes) in plain)
        {
            var one = Compress(bytes);
            yield return ($"member-{name}", one);
            yield return ($"two-members-{name}", [.. one, .. Compress(bytes[..(bytes.Length / 2)])]);
            yield return ($"padded-{name}", [.. one, 0, 0, 0, 0]);
            yield return ($"named-{name}", WithNameAndHeaderCrc(one));
        }
        yield return ("empty-member", Compress([]));
    }

    /// <summary>The member with FNAME and FHCRC set (what <c>gzip</c> writes, plus a header CRC), so the fuzzer starts from every header field.</summary>
    private static byte[] WithNameAndHeaderCrc(byte[] member)
    {
        byte[] header = [0x1F, 0x8B, 8, 0x08 | 0x02, 0, 0, 0, 0, 0, 3, .. "a.log\0"u8];
        var crc = Crc32.HashToUInt32(header);
        return [.. header, (byte)crc, (byte)(crc >> 8), .. member.AsSpan(10)];
    }

    private static byte[] Compress(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(bytes);
        return output.ToArray();
    }
}
