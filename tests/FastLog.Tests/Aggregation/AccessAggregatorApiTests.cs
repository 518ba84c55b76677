using System.Reflection;
using FastLog.Aggregation;
using Xunit;

namespace FastLog.Tests.Aggregation;

/// <summary>
/// Issue 14 item 4: the report reads <see cref="AccessAggregator"/> through a read-only API; only
/// Consume, Merge and ReadState change its state.
/// </summary>
public class AccessAggregatorApiTests
{
    [Fact]
    public void ReportApi_HasNoPublicField_NorSetter()
    {
        var type = typeof(AccessAggregator);
        var fields = type.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Where(f => !f.IsLiteral).Select(f => f.Name).ToList();
        Assert.True(fields.Count == 0, "public fields: " + string.Join(", ", fields));
        var setters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name).ToList();
        Assert.True(setters.Count == 0, "public setters: " + string.Join(", ", setters));
    }

    [Fact]
    public void PerIdCounts_AreReadOnlySpans()
    {
        foreach (var name in new[] { "StatusCounts", "IpErrors", "Path404", "Hour4xx", "Hour5xx", "EndpointErrors" })
            Assert.Equal(typeof(ReadOnlySpan<long>), typeof(AccessAggregator).GetProperty(name)!.PropertyType);
    }
}
