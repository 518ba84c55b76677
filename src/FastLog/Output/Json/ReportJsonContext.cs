using System.Text.Json.Serialization;
using FastLog.Output.Model;

namespace FastLog.Output.Json;

/// <summary>Source-generated serializer for the report: no reflection, safe under native AOT and trimming.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Report))]
public sealed partial class ReportJsonContext : JsonSerializerContext;
