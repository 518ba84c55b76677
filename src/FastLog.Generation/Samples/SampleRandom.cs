namespace FastLog.Generation.Samples;

/// <summary>
/// The random source of the committed sample logs: MT19937 seeded and read exactly as CPython's
/// <c>random.Random(seed).random()</c> (init_by_array with the seed's 32-bit words, then 53-bit
/// doubles from two draws). The samples were first written by a Python script with this sequence;
/// reproducing it keeps their bytes, which tests name line by line, unchanged.
/// </summary>
/// <remarks>
/// Only <see cref="Unit"/> draws from the generator; the picks are built on it the way the script
/// built them, so each pick consumes exactly one draw.
/// </remarks>
internal sealed class SampleRandom
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _state = new uint[N];
    private int _index;

    /// <summary>Seeds as CPython does for a non-negative integer below 2^32 (a one-word key).</summary>
    public SampleRandom(uint seed)
    {
        Initialize(19650218U);
        // init_by_array(key = [seed]): CPython's _randommodule.c, k = max(N, key length) rounds.
        int i = 1, j = 0;
        for (var k = N; k > 0; k--)
        {
            _state[i] = (_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1664525U)) + seed + (uint)j;
            i++;
            j = 0; // the key has one word: j wraps at once
            if (i >= N) { _state[0] = _state[N - 1]; i = 1; }
        }
        for (var k = N - 1; k > 0; k--)
        {
            _state[i] = (_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1566083941U)) - (uint)i;
            i++;
            if (i >= N) { _state[0] = _state[N - 1]; i = 1; }
        }
        _state[0] = 0x80000000U;
        _index = N;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits: random.random().</summary>
    public double Unit()
    {
        var a = Next() >> 5;
        var b = Next() >> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary>int(random() * n): uniform in [0, n).</summary>
    public long Below(long n) => (long)(Unit() * n);

    /// <summary>One item of <paramref name="items"/>, uniformly.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[(int)Below(items.Count)];

    /// <summary>random() &lt; p.</summary>
    public bool Chance(double p) => Unit() < p;

    /// <summary>An item drawn with the given whole-number weights (the script's cumulative subtraction, kept for identical picks).</summary>
    public T Weighted<T>(IReadOnlyList<(T Value, int Weight)> pairs)
    {
        var total = 0;
        foreach (var (_, weight) in pairs) total += weight;
        var x = Unit() * total;
        foreach (var (value, weight) in pairs)
        {
            x -= weight;
            if (x < 0) return value;
        }
        return pairs[^1].Value;
    }

    private void Initialize(uint seed)
    {
        _state[0] = seed;
        for (var i = 1; i < N; i++)
            _state[i] = 1812433253U * (_state[i - 1] ^ (_state[i - 1] >> 30)) + (uint)i;
    }

    private uint Next()
    {
        if (_index >= N) Twist();
        var y = _state[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    private void Twist()
    {
        for (var k = 0; k < N; k++)
        {
            var y = (_state[k] & 0x80000000U) | (_state[(k + 1) % N] & 0x7fffffffU);
            _state[k] = _state[(k + M) % N] ^ (y >> 1) ^ ((y & 1U) != 0 ? 0x9908b0dfU : 0U);
        }
        _index = 0;
    }
}
