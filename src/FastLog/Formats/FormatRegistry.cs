using FastLog.Columns;
using FastLog.Formats.Clf;
using FastLog.Formats.Json;
using FastLog.Formats.Syslog;
using FastLog.Scanning;

namespace FastLog.Formats;

/// <summary>Every format, by name and id; the order is detection's tie-break and <c>fastlog formats</c>' listing.</summary>
public static class FormatRegistry
{
    /// <summary>The formats, most specific first.</summary>
    public static IReadOnlyList<ILogFormat> All { get; } =
    [
        new ClfFormat(ClfVariant.Nginx),
        new ClfFormat(ClfVariant.Combined),
        new ClfFormat(ClfVariant.Common),
        new W3c.W3cFormat(),
        new Alb.AlbFormat(),
        new AuthFormat(),
        new SyslogFormat(),
        new CloudTrailFormat(),
        new GithubFormat(),
        new JsonlFormat(),
        // Custom is never detected (it needs --log-format): listed last.
        new Custom.CustomFormat(),
        new Parquet.ParquetFormat(),
        new Csv.CsvFormat(),
    ];

    /// <summary>Every format name, in listing order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(f => f.Name)];

    /// <summary>The format named <paramref name="name"/>, or null.</summary>
    public static ILogFormat? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    /// <summary>The format <paramref name="id"/>.</summary>
    public static ILogFormat Get(LogFormat id) => All.First(f => f.Id == id);

    /// <summary>A CLF-family parser for <paramref name="variant"/> (tests and benchmarks).</summary>
    public static IBlockParser CreateParser(ClfVariant variant, ScannerKind scanner)
        => new ClfFormat(variant).CreateParser(scanner, FormatSettings.Default);
}
