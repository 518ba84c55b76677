using System.Text;
using FastLog.Aggregation.Sketches;
using FastLog.Aggregation.Tables;
using FastLog.Columns;
using FastLog.Partials;

namespace FastLog.Aggregation.Views;

/// <summary>
/// The service-health view of JSON application logs (<c>jsonl</c> mapped with <c>--field</c>):
/// per service (when <c>service</c> is mapped) and overall, records, errors and latency.
/// </summary>
/// <remarks>
/// A record is an error when its level is one of <see cref="IsErrorLevel"/>'s (ASCII case
/// insensitive) or, when <c>status</c> is mapped, its status is 500 or more. Availability is the
/// share of records that are not errors. Latency is in microseconds, in mergeable
/// <see cref="LogHistogram"/>s (quantiles within 1 %), one value per record: a repeat weight
/// (none in jsonl today) is not replayed into the histogram, which keeps the work bounded by
/// the input.
/// </remarks>
public sealed class ServiceHealthView : IAggregator
{
    /// <summary>Records in total.</summary>
    public long Records;

    /// <inheritdoc/>
    public bool IsApproximate => Services.IsApproximate;
    /// <summary>Error records in total.</summary>
    public long Errors;
    /// <summary>Latency of every record that has one.</summary>
    public readonly LogHistogram Latency = new();
    /// <summary>Records per service.</summary>
    public readonly SymbolTable Services;
    /// <summary>Error records per <see cref="Services"/> id.</summary>
    public long[] ServiceErrors = new long[64];
    /// <summary>Latency per <see cref="Services"/> id (null until the service has one).</summary>
    public LogHistogram?[] ServiceLatency = new LogHistogram?[64];
    /// <summary>True once a batch had <c>service</c> mapped.</summary>
    public bool ServiceMapped;

    /// <summary>Creates an empty view whose service table has <paramref name="budget"/>.</summary>
    public ServiceHealthView(TableBudget budget) => Services = new SymbolTable(budget, 64);

    /// <summary>True for the levels counted as errors: error, err, fatal, critical, crit, panic, alert, emerg, emergency.</summary>
    public static bool IsErrorLevel(ReadOnlySpan<byte> level)
        => Ascii.EqualsIgnoreCase(level, "error"u8) || Ascii.EqualsIgnoreCase(level, "err"u8)
            || Ascii.EqualsIgnoreCase(level, "fatal"u8) || Ascii.EqualsIgnoreCase(level, "critical"u8)
            || Ascii.EqualsIgnoreCase(level, "crit"u8) || Ascii.EqualsIgnoreCase(level, "panic"u8)
            || Ascii.EqualsIgnoreCase(level, "alert"u8) || Ascii.EqualsIgnoreCase(level, "emerg"u8)
            || Ascii.EqualsIgnoreCase(level, "emergency"u8);

    /// <inheritdoc/>
    public void Consume(LogBatch batch, ReadOnlySpan<byte> block)
    {
        var n = batch.Count;
        var weights = batch.Repeats;
        var serviceMapped = batch.Has(LogField.Service);
        ServiceMapped |= serviceMapped;
        var service = batch.TextColumn(LogField.Service)!;
        var level = batch.TextColumn(LogField.Level)!;
        var latency = batch.NumberColumn(LogField.Latency)!;
        var statusMapped = batch.Has(LogField.Status);
        var status = batch.Status;
        // Invariant: records [0, r) are counted with their weights, overall and per service.
        for (var r = 0; r < n; r++)
        {
            var w = WeightedColumn.Weight(weights, r);
            Records += w;
            var isError = IsErrorLevel(level[r].Slice(block)) || (statusMapped && status[r] >= 500);
            if (isError) Errors += w;
            var micros = latency[r];
            var timed = micros != LogBatch.NullNumber;
            if (timed) Latency.Add(micros);
            if (!serviceMapped) continue;
            var id = WeightedColumn.Add(Services, service[r], block, w);
            if (id < 0) continue;
            TableMerge.EnsureLength(ref ServiceErrors, Services.IdCapacity);
            TableMerge.EnsureLength(ref ServiceLatency, Services.IdCapacity);
            if (isError) ServiceErrors[id] += w;
            if (timed) (ServiceLatency[id] ??= new LogHistogram()).Add(micros);
        }
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (ServiceHealthView)other;
        Records += o.Records;
        Errors += o.Errors;
        Latency.Merge(o.Latency);
        ServiceMapped |= o.ServiceMapped;
        var map = TableMerge.Into(Services, o.Services);
        TableMerge.AddMapped(ref ServiceErrors, Services.IdCapacity, o.ServiceErrors, Math.Min(o.Services.Count, o.ServiceErrors.Length), map);
        TableMerge.EnsureLength(ref ServiceLatency, Services.IdCapacity);
        for (var id = 0; id < Math.Min(o.Services.Count, o.ServiceLatency.Length); id++)
        {
            if (o.ServiceLatency[id] is { } h && map[id] >= 0)
                (ServiceLatency[map[id]] ??= new LogHistogram()).Merge(h);
        }
    }

    /// <summary>Writes the counts, the latency histogram and the services (key order) with their errors and latency.</summary>
    public void WriteState(PartialWriter writer)
    {
        writer.WriteInt(Records);
        writer.WriteInt(Errors);
        Latency.WriteState(writer);
        writer.WriteBool(ServiceMapped);
        var order = Services.WriteState(writer);
        writer.WriteInOrder(ServiceErrors, order);
        LogHistogram.WriteInOrder(writer, ServiceLatency, order);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty view.</summary>
    public void ReadState(PartialReader reader)
    {
        Records = reader.ReadInt();
        Errors = reader.ReadInt();
        Latency.ReadState(reader);
        ServiceMapped = reader.ReadBool();
        Services.ReadState(reader);
        ServiceErrors = reader.ReadPerId(Services.IdCapacity);
        ServiceLatency = LogHistogram.ReadPerId(reader, Services.Count, Services.IdCapacity);
    }
}
