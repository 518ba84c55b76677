namespace FastLog.Formats.Parquet;

/// <summary>How Parquet.Net 6.1's generated reader reads one known field, whatever its wire type says.</summary>
internal enum FooterValue : byte
{
    /// <summary>Not a field Parquet.Net knows here: skipped by its wire type.</summary>
    Unknown,
    /// <summary>An i16, i32 or i64 varint (<c>ReadI16/ReadI32/ReadI64</c>, enums too).</summary>
    Varint,
    /// <summary><c>SchemaElement.NumChildren</c>: a varint the schema depth check needs.</summary>
    NumChildren,
    /// <summary>One byte (<c>ReadByte</c>).</summary>
    Byte,
    /// <summary>Eight bytes (<c>ReadDouble</c>).</summary>
    Double,
    /// <summary>A varint length and that many bytes (<c>ReadBinary/ReadString</c>).</summary>
    Binary,
    /// <summary>A bool held in the field header's type: no byte.</summary>
    BoolInHeader,
    /// <summary>A nested struct read by its own shape.</summary>
    Struct,
    /// <summary>A list header, then each element by the declared element kind.</summary>
    List,
    /// <summary><c>FileMetaData.Schema</c>: a list of SchemaElement whose nesting is checked.</summary>
    SchemaList,
}

/// <summary>One known field: how it is read, and for a struct or list what it holds.</summary>
internal sealed class FooterField(FooterValue kind, ParquetFooterShape? shape = null, FooterField? element = null)
{
    public static readonly FooterField Unknown = new(FooterValue.Unknown);
    public static readonly FooterField Varint = new(FooterValue.Varint);
    public static readonly FooterField Byte = new(FooterValue.Byte);
    public static readonly FooterField Double = new(FooterValue.Double);
    public static readonly FooterField Binary = new(FooterValue.Binary);
    public static readonly FooterField Bool = new(FooterValue.BoolInHeader);

    public FooterValue Kind { get; } = kind;
    public ParquetFooterShape? Shape { get; } = shape;
    public FooterField? Element { get; } = element;

    public static FooterField Of(ParquetFooterShape shape) => new(FooterValue.Struct, shape);
    public static FooterField ListOf(FooterField element) => new(FooterValue.List, element: element);
}

/// <summary>
/// The structs Parquet.Net 6.1 reads from a file's footer (FileMetaData and what it holds), field
/// id by field id, as its generated <c>Parquet.Meta.*.Read</c> methods read them. A field missing
/// here is one Parquet.Net skips by its wire type. Keep in step with the Parquet.Net version in
/// FastLog.csproj: a field it starts reading by a declared type must be added here.
/// </summary>
internal sealed class ParquetFooterShape
{
    private readonly FooterField[] _byId;

    private ParquetFooterShape(params FooterField[] byIdFromOne) => _byId = [FooterField.Unknown, .. byIdFromOne];

    public FooterField Field(short id) => id > 0 && id < _byId.Length ? _byId[id] : FooterField.Unknown;

    private static readonly FooterField V = FooterField.Varint, S = FooterField.Binary, B = FooterField.Bool, D = FooterField.Double, U = FooterField.Unknown;

    /// <summary>A struct whose fields Parquet.Net all skips (StringType, DateType, TypeDefinedOrder, …).</summary>
    private static readonly ParquetFooterShape Empty = new();

    private static readonly ParquetFooterShape KeyValue = new(S, S);
    private static readonly ParquetFooterShape DecimalType = new(V, V);
    private static readonly ParquetFooterShape TimeUnit = new(FooterField.Of(Empty), FooterField.Of(Empty), FooterField.Of(Empty));
    private static readonly ParquetFooterShape TimeType = new(B, FooterField.Of(TimeUnit));
    private static readonly ParquetFooterShape IntType = new(FooterField.Byte, B);
    private static readonly ParquetFooterShape VariantType = new(FooterField.Byte);
    private static readonly ParquetFooterShape GeometryType = new(S);
    private static readonly ParquetFooterShape GeographyType = new(S, V);

    // Field 9 is not read by Parquet.Net 6.1 (it was BSON's old slot).
    private static readonly ParquetFooterShape LogicalType = new(
        FooterField.Of(Empty), FooterField.Of(Empty), FooterField.Of(Empty), FooterField.Of(Empty), FooterField.Of(DecimalType),
        FooterField.Of(Empty), FooterField.Of(TimeType), FooterField.Of(TimeType), U, FooterField.Of(IntType),
        FooterField.Of(Empty), FooterField.Of(Empty), FooterField.Of(Empty), FooterField.Of(Empty), FooterField.Of(Empty),
        FooterField.Of(VariantType), FooterField.Of(GeometryType), FooterField.Of(GeographyType));

    private static readonly ParquetFooterShape SchemaElement = new(
        V, V, V, S, new FooterField(FooterValue.NumChildren), V, V, V, V, FooterField.Of(LogicalType));

    private static readonly ParquetFooterShape Statistics = new(S, S, V, V, S, S, B, B);
    private static readonly ParquetFooterShape PageEncodingStats = new(V, V, V);
    private static readonly ParquetFooterShape SizeStatistics = new(V, FooterField.ListOf(V), FooterField.ListOf(V));
    private static readonly ParquetFooterShape BoundingBox = new(D, D, D, D, D, D, D, D);
    private static readonly ParquetFooterShape GeospatialStatistics = new(FooterField.Of(BoundingBox), FooterField.ListOf(V));

    private static readonly ParquetFooterShape ColumnMetaData = new(
        V, FooterField.ListOf(V), FooterField.ListOf(S), V, V, V, V, FooterField.ListOf(FooterField.Of(KeyValue)), V, V, V,
        FooterField.Of(Statistics), FooterField.ListOf(FooterField.Of(PageEncodingStats)), V, V,
        FooterField.Of(SizeStatistics), FooterField.Of(GeospatialStatistics));

    private static readonly ParquetFooterShape EncryptionWithColumnKey = new(FooterField.ListOf(S), S);
    private static readonly ParquetFooterShape ColumnCryptoMetaData = new(FooterField.Of(Empty), FooterField.Of(EncryptionWithColumnKey));

    private static readonly ParquetFooterShape ColumnChunk = new(
        S, V, FooterField.Of(ColumnMetaData), V, V, V, V, FooterField.Of(ColumnCryptoMetaData), S);

    private static readonly ParquetFooterShape SortingColumn = new(V, B, B);

    private static readonly ParquetFooterShape RowGroup = new(
        FooterField.ListOf(FooterField.Of(ColumnChunk)), V, V, FooterField.ListOf(FooterField.Of(SortingColumn)), V, V, V);

    private static readonly ParquetFooterShape ColumnOrder = new(FooterField.Of(Empty));
    private static readonly ParquetFooterShape AesGcm = new(S, S, B);
    private static readonly ParquetFooterShape EncryptionAlgorithm = new(FooterField.Of(AesGcm), FooterField.Of(AesGcm));

    /// <summary>The footer's root struct.</summary>
    public static readonly ParquetFooterShape FileMetaData = new(
        V, new FooterField(FooterValue.SchemaList, element: FooterField.Of(SchemaElement)), V,
        FooterField.ListOf(FooterField.Of(RowGroup)), FooterField.ListOf(FooterField.Of(KeyValue)), S,
        FooterField.ListOf(FooterField.Of(ColumnOrder)), FooterField.Of(EncryptionAlgorithm), S);
}
