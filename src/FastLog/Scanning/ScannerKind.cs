namespace FastLog.Scanning;

/// <summary>The structural scanner implementations, slowest first.</summary>
public enum ScannerKind
{
    /// <summary><see cref="StructuralScannerScalar"/>.</summary>
    Scalar,
    /// <summary><see cref="StructuralScannerVector128"/>.</summary>
    Vector128,
    /// <summary><see cref="StructuralScannerVector256"/>.</summary>
    Vector256,
}
