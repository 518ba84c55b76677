using System.Text.Json.Serialization;

namespace FastLog.Generation.Truth;

/// <summary>Source-generated serializer for the truth manifest: no reflection, safe under native AOT and trimming.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TruthManifest))]
public sealed partial class TruthJsonContext : JsonSerializerContext;
