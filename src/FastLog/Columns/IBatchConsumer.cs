namespace FastLog.Columns;

/// <summary>Receives each filled batch together with the block its byte ranges point into.</summary>
public interface IBatchConsumer
{
    /// <summary>Consumes <c>batch.Count</c> records; <paramref name="block"/> is valid only during the call.</summary>
    void Consume(LogBatch batch, ReadOnlySpan<byte> block);
}
