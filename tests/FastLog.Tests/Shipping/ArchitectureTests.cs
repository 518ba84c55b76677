using System.Text;
using System.Text.RegularExpressions;
using FastLog.Tests.TestSupport;
using Xunit;

namespace FastLog.Tests.Shipping;

/// <summary>
/// The shape of the engine's source tree (docs/ARCHITECTURE.md): the top-level folders of
/// src/FastLog form a graph without cycles, and every interface has a file of its own.
/// </summary>
/// <remarks>
/// The checks read the source as text, so they need no build of a second assembly and see what a
/// reader sees. A file belongs to its top-level folder; it references folder X through
/// <c>using FastLog.X…</c>, a qualified <c>FastLog.X.</c> name, or a partly qualified <c>X.Name</c>
/// (legal inside <c>namespace FastLog.*</c>) where Name is a type or namespace declared under X.
/// Comments do not count (except <c>cref</c>s, which the compiler resolves), nor do string literals.
/// </remarks>
public sealed partial class ArchitectureTests
{
    private static string EngineRoot => Path.Combine(RepoPaths.Root, "src", "FastLog");

    [Fact]
    public void TopLevelFolders_FormNoCycle()
    {
        var graph = FolderGraph.Read(EngineRoot);
        var cycle = graph.FindCycle();
        Assert.True(cycle is null, cycle is null ? "" : "folder cycle: " + graph.Describe(cycle));
    }

    [Fact]
    public void TopLevelFolders_AreAllSeenByTheCheck()
    {
        // The check cannot pass by reading nothing: it sees every folder and a known edge.
        var graph = FolderGraph.Read(EngineRoot);
        foreach (var folder in new[] { "Input", "Scanning", "Formats", "Columns", "Aggregation", "Detection", "Output", "Engine" })
            Assert.Contains(folder, graph.Folders);
        Assert.Contains("Columns", graph.Targets("Formats"));
        Assert.Contains("Formats", graph.Targets("Input"));
    }

    [Fact]
    public void FindCycle_NamesACycleThroughPartlyQualifiedNames()
    {
        // The checker itself, on a tree made for it: A uses B through a using, B uses A only
        // through a partly qualified type name; a comment naming C does not count.
        using var dir = new TempDirectory("folder-graph");
        Directory.CreateDirectory(Path.Combine(dir.Path, "A"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "B"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "C"));
        File.WriteAllText(Path.Combine(dir.Path, "A", "One.cs"), "using FastLog.B;\nnamespace FastLog.A;\npublic sealed class One { Two? _t; } // FastLog.C.Three\n");
        File.WriteAllText(Path.Combine(dir.Path, "B", "Two.cs"), "namespace FastLog.B;\npublic sealed class Two { A.One? _o; string S = \"FastLog.C.Three\"; }\n");
        File.WriteAllText(Path.Combine(dir.Path, "C", "Three.cs"), "namespace FastLog.C;\npublic sealed class Three { B.Two? _t; }\n");
        var graph = FolderGraph.Read(dir.Path);
        var cycle = graph.FindCycle();
        Assert.NotNull(cycle);
        Assert.Equal(["A", "B"], cycle!.Order());
        Assert.DoesNotContain("C", graph.Targets("A"));
        Assert.DoesNotContain("C", graph.Targets("B"));
    }

    [Fact]
    public void EveryInterface_IsInItsOwnFile()
    {
        var misplaced = new List<string>();
        foreach (var file in FolderGraph.SourceFiles(EngineRoot))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            foreach (Match m in InterfaceDeclaration().Matches(FolderGraph.CodeOf(File.ReadAllText(file))))
            {
                var declared = m.Groups[1].Value;
                if (declared != name) misplaced.Add($"{Path.GetRelativePath(EngineRoot, file)}: interface {declared}");
            }
        }
        Assert.True(misplaced.Count == 0, "interfaces outside their own file:\n" + string.Join("\n", misplaced));
    }

    [GeneratedRegex(@"\binterface\s+([A-Za-z_]\w*)")]
    private static partial Regex InterfaceDeclaration();

    /// <summary>Top-level folders and the references between them.</summary>
    private sealed partial class FolderGraph
    {
        // folder → folder → the files that make the edge (for the message).
        private readonly SortedDictionary<string, SortedDictionary<string, SortedSet<string>>> _edges = new(StringComparer.Ordinal);

        public SortedSet<string> Folders { get; } = new(StringComparer.Ordinal);

        public IEnumerable<string> Targets(string folder) => _edges.TryGetValue(folder, out var to) ? to.Keys : [];

        public static IEnumerable<string> SourceFiles(string root)
            => Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                .Where(f => TopFolder(root, f) is { } top && top is not ("obj" or "bin"))
                .Order(StringComparer.Ordinal);

        private static string? TopFolder(string root, string file)
        {
            var parts = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar);
            return parts.Length >= 2 ? parts[0] : null;
        }

        public static FolderGraph Read(string root)
        {
            var graph = new FolderGraph();
            var files = SourceFiles(root).Select(f => (Path: f, Folder: TopFolder(root, f)!, Code: CodeOf(File.ReadAllText(f)))).ToList();
            // The names each folder declares (types and namespace parts), for partly qualified references.
            var declared = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var (_, folder, code) in files)
            {
                graph.Folders.Add(folder);
                if (!declared.TryGetValue(folder, out var names)) declared[folder] = names = new HashSet<string>(StringComparer.Ordinal);
                foreach (Match m in TypeDeclaration().Matches(code)) names.Add(m.Groups[1].Value);
                foreach (Match m in NamespaceDeclaration().Matches(code))
                    foreach (var part in m.Groups[1].Value.Split('.').Skip(2)) names.Add(part);
            }
            foreach (var (path, folder, code) in files)
            {
                var file = Path.GetRelativePath(root, path);
                foreach (Match m in QualifiedReference().Matches(code))
                    graph.Add(folder, m.Groups[1].Value, file);
                foreach (Match m in PartlyQualifiedReference().Matches(code))
                {
                    var target = m.Groups[1].Value;
                    if (declared.TryGetValue(target, out var names) && names.Contains(m.Groups[2].Value)) graph.Add(folder, target, file);
                }
            }
            return graph;
        }

        private void Add(string from, string to, string file)
        {
            if (from == to || !Folders.Contains(to)) return;
            if (!_edges.TryGetValue(from, out var targets)) _edges[from] = targets = new(StringComparer.Ordinal);
            if (!targets.TryGetValue(to, out var files)) targets[to] = files = new(StringComparer.Ordinal);
            files.Add(file);
        }

        /// <summary>One cycle (its folders in order, the first repeated at the end), or null.</summary>
        public Cycle? FindCycle()
        {
            // Depth-first search; a grey folder met again closes a cycle.
            var state = new Dictionary<string, int>(StringComparer.Ordinal);
            var stack = new List<string>();
            foreach (var start in Folders)
                if (Visit(start, state, stack) is { } found) return found;
            return null;
        }

        private Cycle? Visit(string folder, Dictionary<string, int> state, List<string> stack)
        {
            if (state.TryGetValue(folder, out var s))
            {
                if (s == 2) return null;
                var from = stack.IndexOf(folder);
                return new Cycle(stack.Skip(from).Append(folder).ToList());
            }
            state[folder] = 1;
            stack.Add(folder);
            foreach (var next in Targets(folder))
                if (Visit(next, state, stack) is { } found) return found;
            stack.RemoveAt(stack.Count - 1);
            state[folder] = 2;
            return null;
        }

        public string Describe(Cycle cycle)
        {
            var text = new StringBuilder(string.Join(" → ", cycle.Folders));
            for (var i = 0; i + 1 < cycle.Folders.Count; i++)
            {
                var files = _edges[cycle.Folders[i]][cycle.Folders[i + 1]];
                text.Append($"\n  {cycle.Folders[i]} → {cycle.Folders[i + 1]}: {string.Join(", ", files.Take(6))}{(files.Count > 6 ? $" (+{files.Count - 6})" : "")}");
            }
            return text.ToString();
        }

        /// <summary>The code of a C# file without comments and string literals, but with the <c>cref</c>s of its doc comments.</summary>
        public static string CodeOf(string source)
        {
            var code = new StringBuilder(source.Length);
            foreach (var rawLine in source.Split('\n'))
            {
                var line = StringLiteral().Replace(rawLine, "\"\"");
                var comment = line.IndexOf("//", StringComparison.Ordinal);
                if (comment >= 0)
                {
                    foreach (Match m in Cref().Matches(rawLine)) code.Append(' ').Append(m.Groups[1].Value).Append(' ');
                    line = line[..comment];
                }
                code.Append(line).Append('\n');
            }
            return BlockComment().Replace(code.ToString(), " ");
        }

        [GeneratedRegex(@"\bFastLog\.([A-Za-z_]\w*)")]
        private static partial Regex QualifiedReference();

        [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.([A-Z]\w*)")]
        private static partial Regex PartlyQualifiedReference();

        [GeneratedRegex(@"\b(?:class|struct|interface|enum|record|delegate\s+\S+)\s+([A-Za-z_]\w*)")]
        private static partial Regex TypeDeclaration();

        [GeneratedRegex(@"\bnamespace\s+([\w.]+)")]
        private static partial Regex NamespaceDeclaration();

        [GeneratedRegex("\\$?@?\"(?:[^\"\\\\]|\\\\.)*\"")]
        private static partial Regex StringLiteral();

        [GeneratedRegex("cref=\"([^\"]*)\"")]
        private static partial Regex Cref();

        [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
        private static partial Regex BlockComment();
    }

    private sealed record Cycle(List<string> Folders)
    {
        /// <summary>The cycle's folders from its alphabetically first one, without the repeat.</summary>
        public List<string> Order()
        {
            var ring = Folders.Take(Folders.Count - 1).ToList();
            var first = ring.IndexOf(ring.Min(StringComparer.Ordinal)!);
            return ring.Skip(first).Concat(ring.Take(first)).ToList();
        }
    }
}
