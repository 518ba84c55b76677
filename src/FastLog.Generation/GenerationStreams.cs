namespace FastLog.Generation;

/// <summary>
/// Stream numbers for <see cref="Sampling.SplitMix64.Derive"/>: each random decision of a run draws
/// from its own stream, so adding a draw to one part never shifts the numbers of another.
/// </summary>
internal static class GenerationStreams
{
    public const ulong Clock = 1;
    public const ulong Vocabulary = 2;
    public const ulong Clients = 3;
    public const ulong Segment = 4;
    public const ulong Timezone = 5;
    public const ulong AttackPlan = 6;
    public const ulong AttackWindow = 7;
    public const ulong AttackEvent = 8;
}
