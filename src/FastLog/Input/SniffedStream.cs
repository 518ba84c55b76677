namespace FastLog.Input;

/// <summary>A stream input opened for reading (<see cref="InputPlanner.OpenStream"/>).</summary>
/// <param name="Stream">The bytes to read, from the first (the sniffed sample is replayed); decompressed when gzip was piped in.</param>
/// <param name="Gzip">The gzip decompressor inside <paramref name="Stream"/>, whose warning the run reports, or null.</param>
/// <param name="Sniff">The format, or why the input is skipped.</param>
/// <param name="Reframe">Turns <paramref name="Stream"/> into one record per line when its records are not (a <c>{"Records":[…]}</c> file), or null.</param>
public sealed record SniffedStream(Stream Stream, GzipVerifyingStream? Gzip, InputSniff Sniff, Func<Stream, Stream>? Reframe);
