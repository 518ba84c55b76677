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
/// not depend on the order the partials are given in.
/// </remarks>
public sealed class PartialSet
{
    private readonly List<(string Name, Partial Partial)> _parts;
    private Dictionary<ShardInput, int>? _inputIndex;

    private PartialSet(List<(string Name, Partial Partial)> parts, List<ShardInput> inputs)
    {
        _parts = parts;
        Inputs = inputs;
    }

    /// <summary>Every input the partials cover, in path order.</summary>
    public IReadOnlyList<ShardInput> Inputs { get; }

    /// <summary>The partials' shared version, command and options (from the first).</summary>
    public Partial First => _parts[0].Partial;

    /// <summary>
    /// Checks <paramref name="parts"/> (file name, partial) as the remarks say; <paramref name="expect"/> is the number of inputs
    /// they must cover, <paramref name="manifest"/> the inputs themselves (paths as the runs were given them), if given.
    /// </summary>
    public static PartialSet Check(IReadOnlyList<(string Name, Partial Partial)> parts, int? expect, IReadOnlyList<string>? manifest = null)
    {
        if (parts.Count == 0) throw new InvalidDataException("no partials to merge");
        var (firstName, first) = parts[0];
        var owners = new Dictionary<(long, UInt128), (string Name, int Index)>();
        var inputs = new List<ShardInput>();
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
        return new PartialSet(sorted, inputs);
    }

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
                var reader = new PartialReader(partial.State) { InputMap = InputMap(partial) };
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
        for (var i = 0; i < map.Length; i++) map[i] = _inputIndex[partial.Inputs[i]];
        return map;
    }

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
        foreach (var (_, partial) in _parts) all.AddRange(partial.Samples);
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
