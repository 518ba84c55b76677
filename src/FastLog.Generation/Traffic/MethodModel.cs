using System.Runtime.CompilerServices;
using FastLog.Generation.Sampling;

namespace FastLog.Generation.Traffic;

/// <summary>Request methods and, per <see cref="MethodMix"/>, how often each is used.</summary>
internal sealed class MethodModel
{
    /// <summary>Index of GET in <see cref="Names"/>.</summary>
    public const int Get = 0;
    /// <summary>Index of HEAD in <see cref="Names"/>.</summary>
    public const int Head = 1;

    /// <summary>Method names, UTF-8: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS.</summary>
    public static readonly byte[][] Names = ["GET"u8.ToArray(), "HEAD"u8.ToArray(), "POST"u8.ToArray(), "PUT"u8.ToArray(),
        "PATCH"u8.ToArray(), "DELETE"u8.ToArray(), "OPTIONS"u8.ToArray()];

    private readonly AliasTable[] _byMix;

    public MethodModel()
    {
        _byMix = new AliasTable[Enum.GetValues<MethodMix>().Length];
        //                                           GET   HEAD  POST  PUT   PATCH DELETE OPTIONS
        _byMix[(int)MethodMix.Page] = new AliasTable([96, 3, 1, 0, 0, 0, 0]);
        _byMix[(int)MethodMix.Static] = new AliasTable([98, 2, 0, 0, 0, 0, 0]);
        _byMix[(int)MethodMix.ApiCollection] = new AliasTable([70, 0, 27, 0, 0, 0, 3]);
        _byMix[(int)MethodMix.ApiItem] = new AliasTable([75, 0, 0, 10, 7, 6, 2]);
        _byMix[(int)MethodMix.Form] = new AliasTable([15, 0, 85, 0, 0, 0, 0]);
        _byMix[(int)MethodMix.Get] = new AliasTable([100, 0, 0, 0, 0, 0, 0]);
    }

    /// <summary>A method index for a target of mix <paramref name="mix"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Sample(MethodMix mix, ref Xoshiro256PlusPlus rng) => _byMix[(int)mix].Sample(ref rng);
}
