namespace FastLog.Tests.EndToEnd;

/// <summary>The tests that share <see cref="WhereLogFixture"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class WhereLogCollection : ICollectionFixture<WhereLogFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "where-logs";
}
