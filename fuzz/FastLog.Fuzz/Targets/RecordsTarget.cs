using System.IO.Hashing;
using System.Text.Json;
using FastLog.Formats.Json;
using FastLog.Fuzz.Invariants;

namespace FastLog.Fuzz.Targets;

/// <summary>
/// The <c>{"Records":[…]}</c> reframer: the same output whether the input comes whole or in
/// pieces of any size into outputs of any size; one LF per record; and, when the input is valid
/// JSON, exactly the elements of its top-level <c>Records</c> arrays (or of a top-level array), one per line.
/// </summary>
public sealed class RecordsTarget : IFuzzTarget
{
    /// <inheritdoc/>
    public string Name => "records";

    /// <inheritdoc/>
    public void Run(ReadOnlySpan<byte> data)
    {
        var whole = Reframe(data, data.Length + 1, data.Length + 1, out var records);
        if (whole.Length > data.Length + 1) Fail($"{whole.Length} bytes out of {data.Length} in");
        if (whole.AsSpan().Count((byte)'\n') != records) Fail($"{records} records but {whole.AsSpan().Count((byte)'\n')} LFs");
        // Piece sizes from the input's own hash, so a reproducer replays the same split.
        var hash = XxHash64.HashToUInt64(data);
        var inPiece = 1 + (int)(hash % 97);
        var outPiece = 1 + (int)(hash / 97 % 13);
        var pieces = Reframe(data, inPiece, outPiece, out var pieceRecords);
        if (!pieces.AsSpan().SequenceEqual(whole) || pieceRecords != records)
            Fail($"input pieces of {inPiece} and outputs of {outPiece} bytes give {pieces.Length} bytes / {pieceRecords} records, whole gives {whole.Length} / {records}");
        CheckAgainstJson(data, whole);
    }

    private static byte[] Reframe(ReadOnlySpan<byte> data, int inPiece, int outPiece, out long records)
    {
        var reframer = new RecordsReframer();
        var output = new MemoryStream();
        var buffer = new byte[outPiece];
        var i = 0;
        // Invariant: data[0, i) is consumed; every pass consumes or writes at least one byte.
        while (i < data.Length)
        {
            var piece = data.Slice(i, Math.Min(inPiece, data.Length - i));
            var written = reframer.Transform(piece, buffer, out var consumed);
            if (consumed == 0 && written == 0) Fail("Transform made no progress");
            if (written > consumed) Fail($"Transform wrote {written} bytes for {consumed} consumed");
            output.Write(buffer, 0, written);
            i += consumed;
        }
        var end = reframer.Finish(buffer);
        output.Write(buffer, 0, end);
        records = reframer.Records;
        return output.ToArray();
    }

    private static void CheckAgainstJson(ReadOnlySpan<byte> data, byte[] output)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(data.ToArray(), new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException)
        {
            return;
        }
        using (document)
        {
            var expected = new List<JsonElement>();
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array) expected.AddRange(root.EnumerateArray());
            else if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in root.EnumerateObject())
                    if (property.NameEquals("Records"u8) && property.Value.ValueKind == JsonValueKind.Array) expected.AddRange(property.Value.EnumerateArray());
            }
            else return;
            var lines = output.AsSpan();
            var index = 0;
            // Invariant: the first `index` output lines equal the first `index` expected elements.
            while (!lines.IsEmpty)
            {
                var lf = lines.IndexOf((byte)'\n');
                var line = lines[..lf];
                lines = lines[(lf + 1)..];
                if (index >= expected.Count) Fail($"line {index + 1} beyond the {expected.Count} elements");
                using var actual = JsonDocument.Parse(line.ToArray(), new JsonDocumentOptions { MaxDepth = 256 });
                if (!JsonElement.DeepEquals(actual.RootElement, expected[index])) Fail($"line {index + 1} is not element {index + 1}");
                index++;
            }
            if (index != expected.Count) Fail($"{index} lines for {expected.Count} elements");
        }
    }

    private static void Fail(string message) => throw new InvariantViolation("records", message);

    /// <inheritdoc/>
    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        var lines = SeedSlices.Generated("cloudtrail", 2).ToList();
        foreach (var (name, bytes) in lines)
        {
            var elements = System.Text.Encoding.UTF8.GetString(bytes).TrimEnd('\n').Split('\n');
            yield return ($"compact-{name}", System.Text.Encoding.UTF8.GetBytes($"{{\"Records\":[{string.Join(",", elements)}]}}"));
            yield return ($"pretty-{name}", System.Text.Encoding.UTF8.GetBytes($"{{\n  \"Records\": [\n    {string.Join(",\n    ", elements)}\n  ]\n}}\n"));
            yield return ($"array-{name}", System.Text.Encoding.UTF8.GetBytes($"[{string.Join(", ", elements)}]"));
        }
    }
}
