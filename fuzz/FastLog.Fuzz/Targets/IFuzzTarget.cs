namespace FastLog.Fuzz.Targets;

/// <summary>One place where untrusted bytes enter FastLog, with the invariants that must hold for any input.</summary>
public interface IFuzzTarget
{
    /// <summary>The name <c>build.ps1 fuzz -Target</c> takes.</summary>
    string Name { get; }

    /// <summary>Runs one input; throws on a crash or a broken invariant, returns normally otherwise (a rejected input included).</summary>
    void Run(ReadOnlySpan<byte> data);

    /// <summary>Generated seed inputs (the committed seeds and past crashers come on top).</summary>
    IEnumerable<(string Name, byte[] Bytes)> Seeds();
}
