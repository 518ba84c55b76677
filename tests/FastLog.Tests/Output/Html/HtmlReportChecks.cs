using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace FastLog.Tests.Output.Html;

/// <summary>
/// Checks a report page as an HTML5 parser (AngleSharp) tree-builds it: every element and
/// attribute name is one the writer emits, no attribute value holds log text, the CSP is the
/// first thing in the head and names the one stylesheet's hash.
/// </summary>
public static partial class HtmlReportChecks
{
    /// <summary>Every element the writer emits (HTML and SVG).</summary>
    public static readonly HashSet<string> Elements =
    [
        "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "nav", "a", "main", "section", "div", "table", "thead",
        "tbody", "tr", "th", "td", "details", "summary", "pre", "span", "footer", "svg", "rect", "line", "polyline", "circle", "text",
    ];

    /// <summary>Every attribute the writer emits.</summary>
    public static readonly HashSet<string> Attributes =
    [
        "lang", "http-equiv", "content", "charset", "name", "href", "id", "class", "role", "viewbox", "x", "y", "width", "height", "x1", "x2", "y1", "y2",
        "points", "r", "cx", "cy", "text-anchor", "preserveaspectratio", "aria-hidden",
    ];

    // The writer's own attribute values: class names, ids, #fragments, numbers, coordinates and
    // a few fixed words. No uppercase, no quote, no parenthesis, no angle bracket, no colon: no
    // payload fits.
    [GeneratedRegex("^[#a-z0-9 .,_-]*$")]
    private static partial Regex OwnValue();

    /// <summary>Parses <paramref name="html"/> as a browser would.</summary>
    public static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>Asserts that every element, attribute and attribute value of <paramref name="document"/> is the writer's own.</summary>
    public static void AssertOnlyOwnMarkup(IDocument document, string expectedPolicy)
    {
        foreach (var element in document.All)
        {
            Assert.True(Elements.Contains(element.LocalName.ToLowerInvariant()), $"element <{element.LocalName}> is not one the writer emits");
            foreach (var attribute in element.Attributes)
            {
                var name = attribute.LocalName.ToLowerInvariant();
                Assert.True(Attributes.Contains(name), $"attribute {name} on <{element.LocalName}> is not one the writer emits");
                if (element.LocalName == "meta") continue;
                Assert.True(OwnValue().IsMatch(attribute.Value), $"attribute {name}=\"{attribute.Value}\" on <{element.LocalName}> is not the writer's own");
            }
        }
        var head = document.Head!;
        var csp = head.FirstElementChild!;
        Assert.Equal("meta", csp.LocalName);
        Assert.Equal("Content-Security-Policy", csp.GetAttribute("http-equiv"));
        Assert.Equal(expectedPolicy, csp.GetAttribute("content"));
        var styles = document.QuerySelectorAll("style");
        var style = Assert.Single(styles);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style.TextContent)));
        Assert.Contains($"style-src 'sha256-{hash}'", expectedPolicy);
        Assert.Contains("default-src 'none'", expectedPolicy);
        foreach (var meta in document.QuerySelectorAll("meta"))
            Assert.True(meta == csp || meta.GetAttribute("http-equiv") is null, "a second http-equiv meta");
        foreach (var link in document.QuerySelectorAll("a"))
            Assert.StartsWith("#", link.GetAttribute("href"));
    }
}
