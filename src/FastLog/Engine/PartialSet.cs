using System.Buffers.Binary;
using System.IO.Hashing;
using FastLog.Aggregation;
using FastLog.Diagnostics;
using FastLog.Partials;
using FastLog.Runs;

namespace FastLog.Engine;

/// <summary>
/// A set of partials that merge may combine: checked whole before any state is read, then
/// merged into the result one run over all their inputs would give.
/// </summary>
/// <remarks>
/// The set is refused (<see cref="InvalidDataException"/>, one line naming the files) when its
/// partials come from different fastlog versions, commands or options, when two of them cover the
/// same input content (a shard retried or copied twice), or when <c>--expect</c> names another
/// number of inputs. The merged inputs are listed in path order (bytewise), so the result does
/// not depend on the order the partials are given in. The shards of one file (<c>--shard I/N</c>)
/// become one input again: they must be cut alike, adjacent, none twice, and for a report all N;
/// their line numbers are shifted by the lines of the shards before them.
/// </remarks>
public sealed class PartialSet
{
    private readonly List<(string Name, Partial Partial)> _parts;
    // Each shard partial's input → the file's joined input and the lines of the shards before it.
    private readonly Dictionary<ShardInput, (ShardInput Joined, long LineBase)> _joined;
    private Dictionary<ShardInput, int>? _inputIndex;

    private PartialSet(List<(string Name, Partial Partial)> parts, List<ShardInput> inputs, Dictionary<ShardInput, (ShardInput, long)> joined)
    {
        _parts = parts;
        Inputs = inputs;
        _joined = joined;
    }

    /// <summary>Every input the partials cover, in path order.</summary>
    public IReadOnlyList<ShardInput> Inputs { get; }

    /// <summary>The partials' shared version, command and options (from the first).</summary>
    public Partial First => _parts[0].Partial;

    /// <summary>
    /// Checks <paramref name="parts"/> (file name, partial) as the remarks say; <paramref name="expect"/> is the number of inputs
    /// they must cover, <paramref name="manifest"/> the inputs themselves (paths as the runs were given them), if given;
    /// <paramref name="complete"/>: every shard of a file must be there (a report), else adjacent ones suffice (a tree reduce).
    /// </summary>
    public static PartialSet Check(IReadOnlyList<(string Name, Partial Partial)> parts, int? expect, IReadOnlyList<string>? manifest = null, bool complete = true)
    {
        if (parts.Count == 0) throw new InvalidDataException("no partials to merge");
        var (firstName, first) = parts[0];
        var owners = new Dictionary<(long, UInt128), (string Name, int Index)>();
        var inputs = new List<ShardInput>();
        var shards = new Dictionary<(string Path, long Size), List<(string Name, ShardInput Input)>>();
        for (var index = 0; index < parts.Count; index++)
        {
            var (name, partial) = parts[index];
            if (partial.ToolVersion != first.ToolVersion)
                throw new InvalidDataException($"{name} was written by fastlog {partial.ToolVersion}, {firstName} by {first.ToolVersion}; merge partials of one version");
            if (partial.Command != first.Command)
                throw new InvalidDataException($"{name} holds the state of '{partial.Command}', {firstName} of '{first.Command}'");
            if (FirstDifference(partial.Options, first.Options) is { } difference)
                throw new InvalidDataException($"{name} and {firstName} were made with different options ({difference}); their results cannot be merged");
            foreach (var input in partial.Inputs)
            {
                if (input.Shard is not null)
                {
                    if (!shards.TryGetValue((input.Path, input.Size), out var list)) shards[(input.Path, input.Size)] = list = [];
                    list.Add((name, input));
                    continue;
                }
                if (!owners.TryAdd((input.Size, input.ContentHash), (name, index)))
                {
                    var other = owners[(input.Size, input.ContentHash)];
                    throw new InvalidDataException(other.Index == index
                        ? $"{name} covers the input {input.Describe()} twice"
                        : other.Name == name
                        ? $"{name} is given twice"
                        : $"{other.Name} and {name} both cover the input {input.Describe()}: the same shard twice (a retried or copied task?)");
                }
                inputs.Add(input);
            }
        }
        var joined = new Dictionary<ShardInput, (ShardInput, long)>(ReferenceEqualityComparer.Instance);
        foreach (var ((path, size), list) in shards) inputs.Add(Join(path, size, list, complete, joined));
        if (expect is { } expected && inputs.Count != expected)
        {
            throw new InvalidDataException(inputs.Count < expected
                ? $"--expect {expected}: the partials cover only {inputs.Count} input(s); {expected - inputs.Count} shard(s) missing, no report written"
                : $"--expect {expected}: the partials cover {inputs.Count} inputs, more than expected; no report written");
        }
        if (manifest is not null) CheckManifest(manifest, inputs);
        inputs.Sort(InputOrder);
        var sorted = new List<(string Name, Partial Partial)>(parts);
        // Merge order fixed by content, not by argument order: an approximate table (past its
        // budget) then still comes out the same whatever order the files were given in.
        sorted.Sort((a, b) => InputOrder(Smallest(a.Partial), Smallest(b.Partial)));
        return new PartialSet(sorted, inputs, joined);
    }

    /// <summary>
    /// The shards of file <paramref name="path"/> as one input (<see cref="ShardRange"/> the span
    /// they cover, lines and bytes summed, content the hash of their hashes in shard order); each
    /// shard's line base goes to <paramref name="joined"/>. Refused: shards cut differently, the
    /// same shard twice, a gap, and with <paramref name="complete"/> any shard missing.
    /// </summary>
    private static ShardInput Join(string path, long size, List<(string Name, ShardInput Input)> list, bool complete,
        Dictionary<ShardInput, (ShardInput, long)> joined)
    {
        list.Sort((a, b) => a.Input.Shard!.First.CompareTo(b.Input.Shard!.First));
        var (firstName, first) = list[0];
        var cut = first.Shard!;
        var hash = new XxHash128();
        Span<byte> word = stackalloc byte[16];
        long bytes = 0, lines = 0;
        var bases = new long[list.Count];
        var missing = new List<string>();
        if (complete && cut.First > 0) missing.Add(Shards(0, cut.First));
        // Invariant: list[0, i) are adjacent, each once, starting at list[0]'s first shard; bytes, lines and hash cover them.
        for (var i = 0; i < list.Count; i++)
        {
            var (name, input) = list[i];
            var shard = input.Shard!;
            if (shard.Count != cut.Count || shard.ChunkBytes != cut.ChunkBytes || input.Format != first.Format)
                throw new InvalidDataException($"{name} and {firstName} cut '{path}' differently (--shard …/{shard.Count} of {shard.ChunkBytes}-byte chunks as {input.Format ?? "unread"}, "
                    + $"against …/{cut.Count} of {cut.ChunkBytes}-byte chunks as {first.Format ?? "unread"}); their results cannot be merged");
            if (i > 0 && shard.First < list[i - 1].Input.Shard!.End)
                throw new InvalidDataException(list[i - 1].Name == name
                    ? $"{name} is given twice"
                    : $"{list[i - 1].Name} and {name} both cover {shard.Describe()} of '{path}': the same shard twice (a retried or copied task?)");
            if (i > 0 && shard.First > list[i - 1].Input.Shard!.End) missing.Add(Shards(list[i - 1].Input.Shard!.End, shard.First));
            bases[i] = lines;
            bytes += input.Bytes;
            lines += input.Lines;
            BinaryPrimitives.WriteUInt128LittleEndian(word, input.ContentHash);
            hash.Append(word);
        }
        var end = list[^1].Input.Shard!.End;
        if (complete && end < cut.Count) missing.Add(Shards(end, cut.Count));
        if (missing.Count > 0)
        {
            throw new InvalidDataException(complete
                ? $"'{path}' was cut into {cut.Count} shards; shard(s) {string.Join(", ", missing)} missing, no report written"
                : $"'{path}': merge --partial joins adjacent shards only; shard(s) {string.Join(", ", missing)} missing between them");
        }
        var whole = new ShardInput(path, first.Format, first.FormatGuessed, bytes, lines, size, first.ModifiedUnixSeconds, hash.GetCurrentHashAsUInt128(),
            new ShardRange(cut.First, end, cut.Count, cut.ChunkBytes));
        for (var i = 0; i < list.Count; i++) joined[list[i].Input] = (whole, bases[i]);
        return whole;
    }

    private static string Shards(int first, int end) => end - first == 1 ? $"{first}" : $"{first}-{end - 1}";

    /// <summary>
    /// Reads every partial's state into an aggregator from <paramref name="create"/> (built with the
    /// partials' options) and merges them; returns the result one run over all the inputs gives.
    /// </summary>
    public RunSummary Merge(Func<IAggregator> create, TimeSpan elapsed)
    {
        var aggregate = create();
        var counters = new ParseCounters();
        foreach (var (name, partial) in _parts)
        {
            var part = create();
            if (part is not IPartialState state) throw new InvalidOperationException($"{part.GetType().Name} cannot be saved as a partial");
            try
            {
                var reader = new PartialReader(partial.State) { InputMap = InputMap(partial), LineBases = LineBases(partial) };
                state.ReadState(reader);
                reader.ExpectEnd();
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{name}: {e.Message}", e);
            }
            aggregate.Merge(part);
            counters.Merge(partial.Counters);
        }
        var results = new List<InputResult>(Inputs.Count);
        foreach (var input in Inputs)
            results.Add(new InputResult { Path = input.Path, Format = input.Format, FormatGuessed = input.FormatGuessed, Bytes = input.Bytes, Lines = input.Lines });
        return new RunSummary
        {
            Aggregate = aggregate,
            Counters = counters,
            Samples = MergeSamples(),
            Inputs = results,
            Elapsed = elapsed,
            ChunkFirstLines = results.Select(_ => new long[] { 0 }).ToList(),
        };
    }

    /// <summary>Each of <paramref name="partial"/>'s inputs' index in the merged run (<see cref="Inputs"/>).</summary>
    private int[] InputMap(Partial partial)
    {
        if (_inputIndex is null)
        {
            // Inputs holds the partials' own ShardInput objects, each content once (Check refused repeats).
            _inputIndex = new Dictionary<ShardInput, int>(ReferenceEqualityComparer.Instance);
            for (var m = 0; m < Inputs.Count; m++) _inputIndex[Inputs[m]] = m;
        }
        var map = new int[partial.Inputs.Count];
        for (var i = 0; i < map.Length; i++) map[i] = _inputIndex[Joined(partial.Inputs[i]).Input];
        return map;
    }

    /// <summary>The lines before each of <paramref name="partial"/>'s inputs in its merged input (non-zero for a shard after the first).</summary>
    private long[] LineBases(Partial partial) => partial.Inputs.Select(input => Joined(input).LineBase).ToArray();

    private (ShardInput Input, long LineBase) Joined(ShardInput input) => _joined.TryGetValue(input, out var joined) ? joined : (input, 0);

    /// <summary>Refuses inputs the manifest does not list, and listed inputs no partial covers (naming the first few).</summary>
    private static void CheckManifest(IReadOnlyList<string> manifest, List<ShardInput> inputs)
    {
        var listed = new HashSet<string>(manifest, StringComparer.Ordinal);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (!listed.Contains(input.Path)) throw new InvalidDataException($"--manifest: the partials cover '{input.Path}', which the manifest does not list; no report written");
            covered.Add(input.Path);
        }
        var missing = manifest.Where(path => !covered.Contains(path)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var named = string.Join(", ", missing.Take(5).Select(path => $"'{path}'")) + (missing.Count > 5 ? $" and {missing.Count - 5} more" : "");
            throw new InvalidDataException($"--manifest: {missing.Count} shard(s) missing: {named}; no report written");
        }
    }

    /// <summary>The first samples per reason in the merged input order, as one run would keep them.</summary>
    private List<MalformedLine> MergeSamples()
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Inputs.Count; i++) order.TryAdd(Inputs[i].Path, i);
        var all = new List<MalformedLine>();
        foreach (var (_, partial) in _parts)
        {
            // A shard's samples are numbered from its first line: shifted by the shards before it.
            foreach (var sample in partial.Samples)
            {
                var lineBase = partial.Inputs.FirstOrDefault(input => input.Path == sample.Path) is { } input ? Joined(input).LineBase : 0;
                all.Add(lineBase == 0 ? sample : sample with { LineNumber = sample.LineNumber + lineBase });
            }
        }
        all.Sort((a, b) =>
        {
            var c = a.Reason.CompareTo(b.Reason);
            if (c == 0) c = order.GetValueOrDefault(a.Path).CompareTo(order.GetValueOrDefault(b.Path));
            return c != 0 ? c : a.FileOffset.CompareTo(b.FileOffset);
        });
        var kept = new List<MalformedLine>();
        var run = 0;
        // Invariant: kept holds the first min(run, MaxPerReason) samples of each reason before all[i].
        for (var i = 0; i < all.Count; i++)
        {
            run = i > 0 && all[i - 1].Reason == all[i].Reason ? run + 1 : 0;
            if (run < MalformedSample.MaxPerReason) kept.Add(all[i]);
        }
        return kept;
    }

    private static ShardInput? Smallest(Partial partial)
    {
        ShardInput? min = null;
        foreach (var input in partial.Inputs)
            if (min is null || InputOrder(input, min) < 0) min = input;
        return min;
    }

    private static int InputOrder(ShardInput? a, ShardInput? b)
    {
        if (a is null || b is null) return (a is null).CompareTo(b is null);
        var c = string.CompareOrdinal(a.Path, b.Path);
        // The shards of a file merge in shard order, as one run merges its chunks.
        if (c == 0) c = (a.Shard?.First ?? -1).CompareTo(b.Shard?.First ?? -1);
        return c != 0 ? c : a.ContentHash.CompareTo(b.ContentHash);
    }

    private static string? FirstDifference(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            var x = i < a.Count ? a[i] : null;
            var y = i < b.Count ? b[i] : null;
            if (x != y) return $"{x ?? "(none)"} against {y ?? "(none)"}";
        }
        return null;
    }
}
