using FastLog.Generation.Sampling;
using FastLog.Generation.Traffic;

namespace FastLog.Generation.Lines;

/// <summary>
/// Disjoint address ranges of the new-format generators, so a scenario's address never appears in
/// background lines: attackers draw from <see cref="ClientPool.AttackOctets"/> (as in access logs),
/// one-off background scanners from <see cref="ScannerOctets"/>, legitimate users from
/// <see cref="UserOctets"/> and 10.0.0.0/8, forged victims (R3) from <see cref="VictimOctets"/>.
/// </summary>
internal static class AddressBook
{
    /// <summary>First octets of background one-off scanners (one address per episode).</summary>
    public static ReadOnlySpan<byte> ScannerOctets => [61, 103, 112, 118, 122, 139, 159, 171, 183, 218, 222];

    /// <summary>First octets of legitimate users' external (home, office NAT) addresses.</summary>
    public static ReadOnlySpan<byte> UserOctets => [24, 73, 86, 98, 174];

    /// <summary>First octets of addresses forged into user names (R3 victims).</summary>
    public static ReadOnlySpan<byte> VictimOctets => [151, 176];

    /// <summary>A fresh attacker address not in <paramref name="taken"/> (which it joins).</summary>
    public static string Attacker(ref Xoshiro256PlusPlus rng, HashSet<string> taken) => Fresh(ClientPool.AttackOctets, ref rng, taken);

    /// <summary>A fresh victim address not in <paramref name="taken"/> (which it joins).</summary>
    public static string Victim(ref Xoshiro256PlusPlus rng, HashSet<string> taken) => Fresh(VictimOctets, ref rng, taken);

    /// <summary>A legitimate user's external address.</summary>
    public static string User(ref Xoshiro256PlusPlus rng)
        => $"{UserOctets[(int)rng.NextBelow((uint)UserOctets.Length)]}.{rng.NextBelow(256)}.{rng.NextBelow(256)}.{rng.NextBelow(254) + 1}";

    /// <summary>
    /// Writes the one-off scanner address of episode <paramref name="episode"/>: a bijection of the
    /// episode number (an odd multiplier and an xor-shift on 24 bits), so no two episodes of a log
    /// under 180 million episodes share an address and none reaches a threshold.
    /// </summary>
    public static void WriteScanner(ref ByteCursor c, long episode)
    {
        var x = (uint)(episode & 0xFFFFFF) * 0xB5AD4Bu & 0xFFFFFF;
        x ^= x >> 12;
        var octets = ScannerOctets;
        c.WriteDecimal(octets[(int)((ulong)(episode >> 24) % (ulong)octets.Length)]);
        c.Write((byte)'.');
        c.WriteDecimal(x >> 16);
        c.Write((byte)'.');
        c.WriteDecimal((x >> 8) & 0xFF);
        c.Write((byte)'.');
        c.WriteDecimal(x & 0xFF);
    }

    private static string Fresh(ReadOnlySpan<byte> octets, ref Xoshiro256PlusPlus rng, HashSet<string> taken)
    {
        string address;
        do address = $"{octets[(int)rng.NextBelow((uint)octets.Length)]}.{rng.NextBelow(256)}.{rng.NextBelow(256)}.{rng.NextBelow(254) + 1}";
        while (!taken.Add(address));
        return address;
    }
}
