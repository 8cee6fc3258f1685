using System.Buffers.Binary;
using System.Security.Cryptography;
using Interop.Standards.Identifiers;

namespace Interop.Registry.Spids;

/// <summary>
/// Social protection ids: 12 digits, the first not 0, the last a Verhoeff check digit over the first 11. The 11
/// digits are drawn from a CSPRNG, so a SPID says nothing about the person; uniqueness is the store's (a unique key,
/// and a fresh draw on collision), so a SPID is never issued twice.
/// </summary>
public static class Spid
{
    /// <summary>Draws a new SPID (not yet checked for uniqueness).</summary>
    /// <returns>12 ASCII digits.</returns>
    public static string NewRandom()
    {
        // The 11 leading digits (no leading zero) as one uniform draw from the OS generator: 37 random bits, drawn again
        // when over the range (rejection, so no digit is favoured); one call, not one a digit.
        const long Smallest = 10_000_000_000, Count = 90_000_000_000;
        Span<byte> bytes = stackalloc byte[8];
        long draw;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            draw = (long)(BinaryPrimitives.ReadUInt64LittleEndian(bytes) >> 27);
        }
        while (draw >= Count);

        var value = Smallest + draw;
        Span<char> digits = stackalloc char[12];
        for (var i = 10; i >= 0; i--, value /= 10)
        {
            digits[i] = (char)('0' + (value % 10));
        }

        digits[11] = (char)('0' + Verhoeff.Compute(digits[..11]));
        return new string(digits);
    }

    /// <summary>Checks a text as a SPID.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The verdict.</returns>
    public static SpidCheck Check(string? value)
    {
        if (value is null || value.Length != 12 || value[0] == '0' || !value.All(char.IsAsciiDigit))
        {
            return SpidCheck.InvalidFormat;
        }

        return Verhoeff.IsValid(value) ? SpidCheck.Valid : SpidCheck.InvalidCheckDigit;
    }
}

/// <summary>The verdict of <see cref="Spid.Check"/>.</summary>
public enum SpidCheck
{
    /// <summary>12 digits, the first not 0, with a correct check digit.</summary>
    Valid,

    /// <summary>Not 12 digits, or starting with 0.</summary>
    InvalidFormat,

    /// <summary>The check digit is wrong: a mistyped SPID.</summary>
    InvalidCheckDigit,
}
