namespace FastLog.Benchmarks.Data;

/// <summary>
/// Draws ranks <c>0 .. n-1</c> with Zipf-Mandelbrot weights <c>1 / (rank + 1 + q)^s</c>, by
/// binary search in the cumulative weights; the shape of the client and path popularity of <c>fastlog generate</c>
/// (clients s = 1.05, q = 4; paths s = 0.95), so a few keys are heavy hitters and most are rare.
/// </summary>
internal sealed class ZipfSampler
{
    private readonly double[] _cumulative;

    public ZipfSampler(int n, double s, double q = 0)
    {
        _cumulative = new double[n];
        var total = 0.0;
        for (var rank = 0; rank < n; rank++)
        {
            total += 1.0 / Math.Pow(rank + 1 + q, s);
            _cumulative[rank] = total;
        }
    }

    public int Next(ref SplitMix64 rng)
    {
        var x = rng.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, x);
        return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
    }
}
