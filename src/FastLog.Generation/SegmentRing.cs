namespace FastLog.Generation;

/// <summary>
/// Hands segment numbers to workers and finished segments to the writer in order, with at most
/// <c>capacity</c> segments claimed but not yet written (so memory stays bounded when the output
/// is slower than the workers). Segment buffers are recycled.
/// </summary>
internal sealed class SegmentRing
{
    private readonly object _gate = new();
    private readonly GeneratedSegment?[] _ready;
    private readonly Stack<GeneratedSegment> _free = new();
    private readonly long _segmentCount;
    private long _nextToClaim;
    private long _nextToWrite;
    private bool _stopped;
    private Exception? _failure;

    public SegmentRing(int capacity, long segmentCount)
    {
        _ready = new GeneratedSegment?[capacity];
        _segmentCount = segmentCount;
    }

    /// <summary>Worker side: the next segment to write and a buffer for it; false when there is none or the run stopped.</summary>
    public bool TryClaim(out long index, out GeneratedSegment segment)
    {
        lock (_gate)
        {
            // Invariant: claimed-but-unwritten segments are [_nextToWrite, _nextToClaim), fewer than capacity.
            while (!_stopped && _nextToClaim < _segmentCount && _nextToClaim >= _nextToWrite + _ready.Length) Monitor.Wait(_gate);
            if (_stopped || _nextToClaim >= _segmentCount)
            {
                index = -1;
                segment = null!;
                return false;
            }
            index = _nextToClaim++;
            segment = _free.Count > 0 ? _free.Pop() : new GeneratedSegment();
            return true;
        }
    }

    /// <summary>Worker side: segment <paramref name="index"/> is written.</summary>
    public void Publish(long index, GeneratedSegment segment)
    {
        lock (_gate)
        {
            _ready[index % _ready.Length] = segment;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Writer side: waits for segment <paramref name="index"/>; rethrows a worker's failure.</summary>
    public GeneratedSegment Take(long index)
    {
        lock (_gate)
        {
            while (_failure is null && _ready[index % _ready.Length] is null) Monitor.Wait(_gate);
            if (_failure is not null) throw new InvalidOperationException("a generator worker failed", _failure);
            return _ready[index % _ready.Length]!;
        }
    }

    /// <summary>Writer side: segment <paramref name="index"/> is out; its buffer can be reused.</summary>
    public void Release(long index, GeneratedSegment segment)
    {
        lock (_gate)
        {
            _ready[index % _ready.Length] = null;
            _nextToWrite = index + 1;
            _free.Push(segment);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>A worker failed: stop everything and let the writer rethrow.</summary>
    public void Fail(Exception e)
    {
        lock (_gate)
        {
            _failure ??= e;
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>No more segments are wanted (done, size reached, or the output failed).</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
    }
}
