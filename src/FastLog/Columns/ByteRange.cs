using System.Runtime.CompilerServices;

namespace FastLog.Columns;

/// <summary>
/// A field's bytes as <c>[Offset, Offset + Length)</c> within the block the batch was parsed
/// from. No copy is made; the range is valid until the batch is reset.
/// </summary>
public readonly record struct ByteRange(int Offset, int Length)
{
    /// <summary>The absent value (a CLF <c>-</c>, or a field the format lacks).</summary>
    public static ByteRange Null => new(0, -1);

    /// <summary>True when the field is absent.</summary>
    public bool IsNull => Length < 0;

    /// <summary>The field's bytes within <paramref name="block"/>; empty when null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> block) => IsNull ? default : block.Slice(Offset, Length);
}
