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
        Span<char> digits = stackalloc char[12];
        digits[0] = (char)('1' + RandomNumberGenerator.GetInt32(9));
        for (var i = 1; i < 11; i++)
        {
            digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
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
