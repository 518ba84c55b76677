using FastLog.Generation.Sampling;

namespace FastLog.Generation.Github;

/// <summary>
/// Actors and repositories of a GH Archive log, pre-rendered as the JSON objects events carry,
/// sampled Zipf-style (a few very active accounts and repositories, a long tail), plus the texts
/// of commits, titles and comments.
/// </summary>
internal sealed class GithubVocabulary
{
    private static readonly string[] Syllables = ["ka", "ro", "mi", "tan", "zu", "lex", "dev", "neo", "sam", "jo", "an", "li", "mar", "tek", "qu", "vin", "ra", "bo", "chen", "wu", "el", "ix", "on", "py"];
    private static readonly string[] RepoWords = ["api", "cli", "web", "docs", "core", "utils", "sdk", "app", "server", "bot", "dotfiles", "blog", "kit", "engine", "lab", "ui", "infra", "data", "notes", "site"];

    public static readonly string[] CommitMessages =
    [
        "Update README.md", "Fix typo in docs", "Bump dependencies", "Add unit tests for parser", "Refactor config loading",
        "Merge pull request #42 from feature/login\\n\\nAdd login page", "WIP", "Initial commit", "fix: handle empty input",
        "feat: add dark mode", "chore(deps): bump lodash from 4.17.20 to 4.17.21", "Update index.html", "ci: cache npm modules",
        "Translate strings to français", "docs: explain the \\\"--force\\\" flag", "Remove unused imports",
    ];

    public static readonly string[] Titles =
    [
        "Fix crash when config is missing", "Add support for Python 3.12", "Update dependencies", "Improve error messages",
        "Docs: installation guide", "Refactor the storage layer", "Bump actions/checkout from 3 to 4", "Add CONTRIBUTING.md",
        "Memory leak in worker pool", "Support ARM64 builds",
    ];

    public static readonly string[] Bodies =
    [
        "Fixes #12.\\r\\n\\r\\nThis change makes the loader tolerate a missing file.", "LGTM", "Thanks! Merged.",
        "Can you add a test for this?", "I can reproduce this on macOS 14 with the latest release.", "Closing as duplicate of #7.",
        "Bumps [actions/checkout](https://github.com/actions/checkout) from 3 to 4.\\n- [Release notes](https://github.com/actions/checkout/releases)",
        "Works for me \\ud83d\\udc4d", "Could you rebase on main?",
    ];

    public static readonly string[] Branches = ["main", "master", "develop", "feature/login", "fix/typo", "dependabot/npm_and_yarn/lodash-4.17.21", "gh-pages", "release/1.2"];

    public static readonly string[] Paths = ["src/main.rs", "README.md", "lib/index.js", "app/models/user.rb", "cmd/server/main.go", "docs/install.md"];

    /// <summary>Actor objects (<c>{"id":…,"login":…,…}</c>).</summary>
    public FrozenUtf8Strings Actors { get; }
    /// <summary>Short user objects (<c>{"login":…,"id":…}</c>).</summary>
    public FrozenUtf8Strings Users { get; }
    /// <summary>Actor logins.</summary>
    public FrozenUtf8Strings Logins { get; }
    /// <summary>Repository objects (<c>{"id":…,"name":"owner/repo","url":…}</c>).</summary>
    public FrozenUtf8Strings Repos { get; }
    /// <summary>Repository full names.</summary>
    public FrozenUtf8Strings RepoNames { get; }
    /// <summary><c>,"org":{…}</c> for organisation repositories, else empty.</summary>
    public FrozenUtf8Strings Orgs { get; }
    /// <summary>Draws an actor index.</summary>
    public AliasTable ActorTable { get; }
    /// <summary>Draws a repository index.</summary>
    public AliasTable RepoTable { get; }

    public GithubVocabulary(ulong seed)
    {
        var rng = new Xoshiro256PlusPlus(SplitMix64.Derive(seed, GenerationStreams.Vocabulary, 0));
        const int actorCount = 20_000, repoCount = 40_000;
        var actors = new Utf8StringPool();
        var users = new Utf8StringPool();
        var logins = new Utf8StringPool();
        var names = new string[actorCount];
        var ids = new long[actorCount];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actorCount; i++)
        {
            var login = Syllables[rng.NextBelow((uint)Syllables.Length)] + Syllables[rng.NextBelow((uint)Syllables.Length)];
            var tail = rng.NextBelow(4);
            if (tail == 1) login += rng.NextBelow(100);
            else if (tail == 2) login += "-" + Syllables[rng.NextBelow((uint)Syllables.Length)];
            else if (tail == 3) login += "-bot";
            // A clash takes the index, which no other login ends with after the same stem.
            if (!seen.Add(login)) login += "x" + i;
            names[i] = login;
            ids[i] = 1_000 + rng.NextBelow(150_000_000);
            actors.Add($"{{\"id\":{ids[i]},\"login\":\"{login}\",\"display_login\":\"{login}\",\"gravatar_id\":\"\",\"url\":\"https://api.github.com/users/{login}\",\"avatar_url\":\"https://avatars.githubusercontent.com/u/{ids[i]}?\"}}");
            users.Add($"{{\"login\":\"{login}\",\"id\":{ids[i]}}}");
            logins.Add(login);
        }
        var repos = new Utf8StringPool();
        var repoNames = new Utf8StringPool();
        var orgs = new Utf8StringPool();
        var ownerTable = new AliasTable(AliasTable.ZipfWeights(actorCount, 1.0, 2.0));
        var repoSeen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < repoCount; i++)
        {
            var owner = ownerTable.Sample(ref rng);
            var name = $"{names[owner]}/{RepoWords[rng.NextBelow((uint)RepoWords.Length)]}-{RepoWords[rng.NextBelow((uint)RepoWords.Length)]}";
            if (!repoSeen.Add(name)) name = $"{name}-{i}";
            var id = 10_000 + rng.NextBelow(700_000_000);
            repos.Add($"{{\"id\":{id},\"name\":\"{name}\",\"url\":\"https://api.github.com/repos/{name}\"}}");
            repoNames.Add(name);
            orgs.Add(rng.NextBelow(10) < 3
                ? $",\"org\":{{\"id\":{ids[owner]},\"login\":\"{names[owner]}\",\"gravatar_id\":\"\",\"url\":\"https://api.github.com/orgs/{names[owner]}\",\"avatar_url\":\"https://avatars.githubusercontent.com/u/{ids[owner]}?\"}}"
                : "");
        }
        Actors = actors.Freeze();
        Users = users.Freeze();
        Logins = logins.Freeze();
        Repos = repos.Freeze();
        RepoNames = repoNames.Freeze();
        Orgs = orgs.Freeze();
        ActorTable = new AliasTable(AliasTable.ZipfWeights(actorCount, 1.1, 1.0));
        RepoTable = new AliasTable(AliasTable.ZipfWeights(repoCount, 1.05, 2.0));
    }
}
