using System.Text;
using FastLog.Aggregation;

namespace FastLog.Tests.Aggregation;

public class EndpointTemplateTests
{
    [Theory]
    [InlineData("/api/users/123", "/api/users/{id}")]
    [InlineData("/api/users/456/orders/7", "/api/users/{id}/orders/{id}")]
    [InlineData("/items/3fa85f64-5717-4562-b3fc-2c963f66afa6", "/items/{id}")]
    [InlineData("/blob/0123456789abcdef0123", "/blob/{id}")]
    [InlineData("/blob/cafe", "/blob/cafe")]
    [InlineData("/v2/docs", "/v2/docs")]
    [InlineData("/", "/")]
    [InlineData("", "")]
    [InlineData("/a//1/", "/a//{id}/")]
    public void CollapsesIdsUuidsAndHashes(string path, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        var destination = new byte[EndpointTemplate.MaxLength(bytes.Length)];
        var n = EndpointTemplate.Write(bytes, destination);
        Assert.Equal(expected, Encoding.UTF8.GetString(destination, 0, n));
    }
}
