using System.Runtime.InteropServices;

namespace FastLog.Tests.TestSupport;

/// <summary>
/// Bytes placed right against an inaccessible page (after them, or before them), so an
/// over-read past either end of a span crashes the test run instead of passing silently
/// (dotnet/runtime's BoundedMemory).
/// </summary>
public sealed unsafe partial class GuardedBuffer : IDisposable
{
    private const int ProtNone = 0;
    private const int ProtReadWrite = 3;
    private const int MapPrivateAnonymous = 0x02 | 0x20;
    private readonly byte* _region;
    private readonly nuint _regionLength;

    /// <summary>The guarded bytes.</summary>
    public byte* Data { get; }
    /// <summary>Their length.</summary>
    public int Length { get; }

    /// <summary>Copies <paramref name="content"/> against a guard page after it (or before it).</summary>
    public GuardedBuffer(ReadOnlySpan<byte> content, bool guardBefore = false)
    {
        var page = (nuint)Environment.SystemPageSize;
        var dataPages = ((nuint)content.Length + page - 1) / page + 1;
        _regionLength = (dataPages + 2) * page;
        _region = (byte*)Mmap(null, _regionLength, ProtReadWrite, MapPrivateAnonymous, -1, 0);
        if ((nint)_region == -1) throw new InvalidOperationException("mmap failed");
        Mprotect(_region, page, ProtNone);
        Mprotect(_region + _regionLength - page, page, ProtNone);
        Data = guardBefore ? _region + page : _region + _regionLength - page - (nuint)content.Length;
        Length = content.Length;
        content.CopyTo(new Span<byte>(Data, Length));
    }

    /// <summary>The guarded bytes as a span.</summary>
    public ReadOnlySpan<byte> Span => new(Data, Length);

    /// <inheritdoc/>
    public void Dispose() => Munmap(_region, _regionLength);

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int Mprotect(void* address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(void* address, nuint length);
}
