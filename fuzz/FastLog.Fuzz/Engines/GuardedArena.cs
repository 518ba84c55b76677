using System.Runtime.InteropServices;

namespace FastLog.Fuzz.Engines;

/// <summary>
/// One reusable buffer whose end touches a <c>PROT_NONE</c> page: each input is copied so that
/// its last byte is the last readable byte, so a parser or scanner that reads past the end of its
/// block kills the process (a crash the fuzzer keeps) instead of reading stale bytes silently.
/// </summary>
public sealed unsafe partial class GuardedArena
{
    private const int ProtNone = 0;
    private const int ProtReadWrite = 3;
    private const int MapPrivateAnonymous = 0x02 | 0x20;
    private readonly byte* _end;
    private readonly int _capacity;

    /// <summary>Reserves room for inputs of up to <paramref name="capacity"/> bytes.</summary>
    public GuardedArena(int capacity)
    {
        var page = Environment.SystemPageSize;
        _capacity = (capacity + page - 1) / page * page;
        var region = (byte*)Mmap(null, (nuint)(_capacity + page), ProtReadWrite, MapPrivateAnonymous, -1, 0);
        if ((nint)region == -1) throw new InvalidOperationException("mmap failed");
        if (Mprotect(region + _capacity, (nuint)page, ProtNone) != 0) throw new InvalidOperationException("mprotect failed");
        _end = region + _capacity;
    }

    /// <summary>The largest input it holds.</summary>
    public int Capacity => _capacity;

    /// <summary>
    /// Copies <paramref name="data"/> against the guard page, followed by <paramref name="suffix"/>
    /// (a LF that the input layer would append); the returned span stays valid until the next call.
    /// </summary>
    public Span<byte> Place(ReadOnlySpan<byte> data, ReadOnlySpan<byte> suffix = default)
    {
        var length = data.Length + suffix.Length;
        if (length > _capacity) throw new ArgumentOutOfRangeException(nameof(data), $"input of {length} bytes exceeds the arena's {_capacity}");
        var span = new Span<byte>(_end - length, length);
        data.CopyTo(span);
        suffix.CopyTo(span[data.Length..]);
        return span;
    }

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int Mprotect(void* address, nuint length, int protection);
}
