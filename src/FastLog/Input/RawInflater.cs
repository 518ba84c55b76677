using System.Runtime.InteropServices;

namespace FastLog.Input;

/// <summary>
/// A raw-deflate (RFC 1951) decoder that says exactly how many input bytes it consumed: zlib
/// (zlib-ng, the one the .NET runtime ships in <c>System.IO.Compression.Native</c> and links into
/// the native-AOT binary) called through the same exports <see cref="System.IO.Compression.DeflateStream"/>
/// uses. DeflateStream reads ahead and hides where the deflate data ended; a gzip member's
/// trailer starts exactly there (RFC 1952 §2.2), so <see cref="GzipVerifyingStream"/> needs the
/// count (found by fuzzing: a trailer after a few stray bytes was found by content and accepted).
/// </summary>
internal sealed unsafe partial class RawInflater : IDisposable
{
    private const string Library = "libSystem.IO.Compression.Native";
    private const int RawDeflateWindowBits = -15;
    private const int NoFlush = 0;
    private const int Ok = 0, StreamEnd = 1, BufferError = -5;

    /// <summary>The runtime's <c>PAL_ZStream</c>: zlib's stream fields the shim copies in and out on each call.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ZStream
    {
        public byte* NextIn;
        public byte* NextOut;
        public byte* Message;
        public void* InternalState;
        public uint AvailIn;
        public uint AvailOut;
    }

    /// <summary>Outcome of one <see cref="Inflate"/> call.</summary>
    public enum Status
    {
        /// <summary>Progress made or more input needed; the stream has not ended.</summary>
        More,
        /// <summary>The deflate stream's final block ended: no input past it was consumed.</summary>
        End,
        /// <summary>The input is not valid deflate data.</summary>
        Invalid,
    }

    // Native memory: the shim keeps a pointer to its own z_stream in InternalState, and this struct must not move between calls.
    private ZStream* _stream;

    public RawInflater()
    {
        _stream = (ZStream*)NativeMemory.AllocZeroed((nuint)sizeof(ZStream));
        var result = InflateInit2(_stream, RawDeflateWindowBits);
        if (result != Ok)
        {
            NativeMemory.Free(_stream);
            _stream = null;
            throw new InvalidOperationException($"zlib inflateInit2 failed ({result})");
        }
    }

    /// <summary>Starts a new deflate stream, keeping the allocated state.</summary>
    public void Reset()
    {
        var result = InflateReset2(_stream, RawDeflateWindowBits);
        if (result != Ok) throw new InvalidOperationException($"zlib inflateReset2 failed ({result})");
    }

    /// <summary>
    /// Inflates from <paramref name="input"/> into <paramref name="output"/>; <paramref name="consumed"/>
    /// input bytes were used (all of them that the stream needed, none past its end) and
    /// <paramref name="produced"/> output bytes written.
    /// </summary>
    public Status Inflate(ReadOnlySpan<byte> input, Span<byte> output, out int consumed, out int produced)
    {
        fixed (byte* inputStart = input)
        fixed (byte* outputStart = output)
        {
            _stream->NextIn = inputStart;
            _stream->AvailIn = (uint)input.Length;
            _stream->NextOut = outputStart;
            _stream->AvailOut = (uint)output.Length;
            var result = InflateNative(_stream, NoFlush);
            consumed = input.Length - (int)_stream->AvailIn;
            produced = output.Length - (int)_stream->AvailOut;
            _stream->NextIn = null;
            _stream->NextOut = null;
            // Anything else is a data error (a preset dictionary, Z_NEED_DICT, does not exist in raw deflate).
            return result switch
            {
                StreamEnd => Status.End,
                Ok or BufferError => Status.More,
                _ => Status.Invalid,
            };
        }
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    ~RawInflater() => Free();

    private void Free()
    {
        if (_stream is null) return;
        InflateEnd(_stream);
        NativeMemory.Free(_stream);
        _stream = null;
    }

    [LibraryImport(Library, EntryPoint = "CompressionNative_InflateInit2_")]
    private static partial int InflateInit2(ZStream* stream, int windowBits);

    [LibraryImport(Library, EntryPoint = "CompressionNative_InflateReset2_")]
    private static partial int InflateReset2(ZStream* stream, int windowBits);

    [LibraryImport(Library, EntryPoint = "CompressionNative_Inflate")]
    private static partial int InflateNative(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "CompressionNative_InflateEnd")]
    private static partial int InflateEnd(ZStream* stream);
}
