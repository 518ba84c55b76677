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
    public long Records => _records;

    /// <inheritdoc/>
    public bool IsApproximate => Services.IsApproximate;
    /// <summary>Error records in total.</summary>
    public long Errors => _errors;
    /// <summary>Latency of every record that has one.</summary>
    public LogHistogram Latency { get; } = new();
    /// <summary>Records per service.</summary>
    public SymbolTable Services { get; }
    /// <summary>Error records per <see cref="Services"/> id.</summary>
    public ReadOnlySpan<long> ServiceErrors => _serviceErrors;
    /// <summary>Latency per <see cref="Services"/> id (null until the service has one).</summary>
    public ReadOnlySpan<LogHistogram?> ServiceLatency => _serviceLatency;
    /// <summary>True once a batch had <c>service</c> mapped.</summary>
    public bool ServiceMapped => _serviceMapped;

    private long _records;
    private long _errors;
    private long[] _serviceErrors = new long[64];
    private LogHistogram?[] _serviceLatency = new LogHistogram?[64];
    private bool _serviceMapped;

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
        _serviceMapped |= serviceMapped;
        var service = batch.TextColumn(LogField.Service)!;
        var level = batch.TextColumn(LogField.Level)!;
        var latency = batch.NumberColumn(LogField.Latency)!;
        var statusMapped = batch.Has(LogField.Status);
        var status = batch.Status;
        // Invariant: records [0, r) are counted with their weights, overall and per service.
        for (var r = 0; r < n; r++)
        {
            var w = WeightedColumn.Weight(weights, r);
            _records += w;
            var isError = IsErrorLevel(level[r].Slice(block)) || (statusMapped && status[r] >= 500);
            if (isError) _errors += w;
            var micros = latency[r];
            var timed = micros != LogBatch.NullNumber;
            if (timed) Latency.Add(micros);
            if (!serviceMapped) continue;
            var id = WeightedColumn.Add(Services, service[r], block, w);
            if (id < 0) continue;
            TableMerge.EnsureLength(ref _serviceErrors, Services.IdCapacity);
            TableMerge.EnsureLength(ref _serviceLatency, Services.IdCapacity);
            if (isError) _serviceErrors[id] += w;
            if (timed) (_serviceLatency[id] ??= new LogHistogram()).Add(micros);
        }
    }

    /// <inheritdoc/>
    public void Merge(IAggregator other)
    {
        var o = (ServiceHealthView)other;
        _records += o._records;
        _errors += o._errors;
        Latency.Merge(o.Latency);
        _serviceMapped |= o._serviceMapped;
        var map = TableMerge.Into(Services, o.Services);
        TableMerge.AddMapped(ref _serviceErrors, Services.IdCapacity, o._serviceErrors, Math.Min(o.Services.Count, o._serviceErrors.Length), map);
        TableMerge.EnsureLength(ref _serviceLatency, Services.IdCapacity);
        for (var id = 0; id < Math.Min(o.Services.Count, o._serviceLatency.Length); id++)
        {
            if (o._serviceLatency[id] is { } h && map[id] >= 0)
                (_serviceLatency[map[id]] ??= new LogHistogram()).Merge(h);
        }
    }

    /// <summary>Writes the counts, the latency histogram and the services (key order) with their errors and latency.</summary>
    public void WriteState(PartialWriter writer)
    {
        writer.WriteInt(_records);
        writer.WriteInt(_errors);
        Latency.WriteState(writer);
        writer.WriteBool(_serviceMapped);
        var order = Services.WriteState(writer);
        writer.WriteInOrder(_serviceErrors, order);
        LogHistogram.WriteInOrder(writer, _serviceLatency, order);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote into this empty view.</summary>
    public void ReadState(PartialReader reader)
    {
        _records = reader.ReadInt();
        _errors = reader.ReadInt();
        Latency.ReadState(reader);
        _serviceMapped = reader.ReadBool();
        Services.ReadState(reader);
        _serviceErrors = reader.ReadPerId(Services.IdCapacity);
        _serviceLatency = LogHistogram.ReadPerId(reader, Services.Count, Services.IdCapacity);
    }
}
