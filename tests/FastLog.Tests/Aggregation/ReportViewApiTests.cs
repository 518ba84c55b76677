using System.Reflection;
using FastLog.Aggregation;
using FastLog.Aggregation.Views;
using FastLog.Detection.Web;
using Xunit;

namespace FastLog.Tests.Aggregation;

/// <summary>
/// Issue 14 item 4: the per-format views and the detection aggregators are read through get-only
/// properties; their state changes only inside the type (Consume, Merge, ReadState).
/// </summary>
public class ReportViewApiTests
{
    private const BindingFlags AnyField = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    /// <summary>Every type under Aggregation/Views, and every aggregator under Detection.</summary>
    public static TheoryData<string> ReportTypes() => new(ReportTypeNames());

    private static List<string> ReportTypeNames()
    {
        var data = new List<string>();
        foreach (var type in typeof(IAggregator).Assembly.GetTypes())
        {
            if (type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)) || type.Name.Contains('<')) continue;
            var isView = type.Namespace == "FastLog.Aggregation.Views";
            var isDetection = type.Namespace?.StartsWith("FastLog.Detection", StringComparison.Ordinal) == true && typeof(IAggregator).IsAssignableFrom(type) && !type.IsInterface;
            if (isView || isDetection) data.Add(type.FullName!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ReportTypes))]
    public void ReportType_HasNoPublicField_NorPublicSetter(string typeName)
    {
        var type = typeof(IAggregator).Assembly.GetType(typeName)!;
        var fields = type.GetFields(AnyField).Where(f => f.IsPublic && !f.IsLiteral).Select(f => f.Name).ToList();
        Assert.True(fields.Count == 0, typeName + " has public fields: " + string.Join(", ", fields));
        var setters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name).ToList();
        Assert.True(setters.Count == 0, typeName + " has public setters: " + string.Join(", ", setters));
    }

    [Fact]
    public void TheViewsAreFound()
    {
        var names = ReportTypeNames();
        foreach (var type in new[] { typeof(CloudTrailView), typeof(AuthView), typeof(ServiceHealthView), typeof(GithubView), typeof(ActivityView), typeof(SyslogView), typeof(WebDetectionAggregator) })
            Assert.Contains(type.FullName!, names);
    }

    [Fact]
    public void WebDetectionAggregator_HasNoFieldOtherTypesCanReach()
    {
        // internal is visible to the whole assembly: the writers and other rules must go through properties too.
        var fields = typeof(WebDetectionAggregator).GetFields(AnyField).Where(f => !f.IsPrivate && !f.IsLiteral).Select(f => f.Name).ToList();
        Assert.True(fields.Count == 0, "non-private fields: " + string.Join(", ", fields));
        var setters = typeof(WebDetectionAggregator).GetProperties(AnyField).Where(p => p.SetMethod is { IsPrivate: false }).Select(p => p.Name).ToList();
        Assert.True(setters.Count == 0, "non-private setters: " + string.Join(", ", setters));
    }

    [Theory]
    [InlineData(typeof(AuthView), "Events")]
    [InlineData(typeof(SyslogView), "Severities")]
    [InlineData(typeof(CloudTrailView), "ConsoleUserFailures")]
    [InlineData(typeof(CloudTrailView), "ConsoleUserNoMfa")]
    [InlineData(typeof(ServiceHealthView), "ServiceErrors")]
    public void PerIdCounts_AreReadOnlySpans(Type type, string name)
        => Assert.Equal(typeof(ReadOnlySpan<long>), type.GetProperty(name)!.PropertyType);

    [Fact]
    public void ServiceLatency_IsAReadOnlySpan()
        => Assert.Equal(typeof(ReadOnlySpan<FastLog.Aggregation.Sketches.LogHistogram?>), typeof(ServiceHealthView).GetProperty("ServiceLatency")!.PropertyType);
}
