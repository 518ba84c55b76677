using FastLog.Formats.Clf;
using FastLog.Scanning;

namespace FastLog.Formats;

/// <summary>Format names and parser construction; the one place a scanner type meets a format type.</summary>
public static class FormatRegistry
{
    /// <summary>Every format name, in the order <c>fastlog formats</c> lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["common", "combined", "nginx"];

    /// <summary>The variant named <paramref name="name"/>, or null.</summary>
    public static ClfVariant? Parse(string name) => name switch
    {
        "common" => ClfVariant.Common,
        "combined" => ClfVariant.Combined,
        "nginx" => ClfVariant.Nginx,
        _ => null,
    };

    /// <summary>The name of <paramref name="variant"/>.</summary>
    public static string Name(ClfVariant variant) => variant switch
    {
        ClfVariant.Common => "common",
        ClfVariant.Nginx => "nginx",
        _ => "combined",
    };

    /// <summary>A parser for <paramref name="variant"/> that walks the offsets of <paramref name="scanner"/>.</summary>
    public static IBlockParser CreateParser(ClfVariant variant, ScannerKind scanner) => scanner switch
    {
        ScannerKind.Vector256 => new ClfParser<StructuralScannerVector256>(variant),
        ScannerKind.Vector128 => new ClfParser<StructuralScannerVector128>(variant),
        _ => new ClfParser<StructuralScannerScalar>(variant),
    };
}
