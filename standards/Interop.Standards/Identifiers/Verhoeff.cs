namespace Interop.Standards.Identifiers;

/// <summary>The Verhoeff check digit (dihedral group D5): catches every single-digit error and every swap of adjacent digits.</summary>
public static class Verhoeff
{
    private static readonly byte[,] Multiplication =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 },
        { 1, 2, 3, 4, 0, 6, 7, 8, 9, 5 },
        { 2, 3, 4, 0, 1, 7, 8, 9, 5, 6 },
        { 3, 4, 0, 1, 2, 8, 9, 5, 6, 7 },
        { 4, 0, 1, 2, 3, 9, 5, 6, 7, 8 },
        { 5, 9, 8, 7, 6, 0, 4, 3, 2, 1 },
        { 6, 5, 9, 8, 7, 1, 0, 4, 3, 2 },
        { 7, 6, 5, 9, 8, 2, 1, 0, 4, 3 },
        { 8, 7, 6, 5, 9, 3, 2, 1, 0, 4 },
        { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 },
    };

    // The position permutations are the powers of one permutation of the digits; deriving them from it
    // (instead of typing an 8x10 table) leaves no room for a transcription error.
    private static readonly byte[] Sigma = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4];

    private static readonly byte[,] Permutation = BuildPermutations();

    private static readonly byte[] Inverse = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

    private static byte[,] BuildPermutations()
    {
        var table = new byte[8, 10];
        for (var digit = 0; digit < 10; digit++)
        {
            table[0, digit] = (byte)digit;
            for (var position = 1; position < 8; position++)
            {
                table[position, digit] = Sigma[table[position - 1, digit]];
            }
        }

        return table;
    }

    /// <summary>Whether the last digit of <paramref name="digits"/> is its Verhoeff check digit.</summary>
    /// <param name="digits">ASCII digits, check digit last.</param>
    /// <returns><see langword="false"/> also when the text holds anything but ASCII digits.</returns>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        if (digits.IsEmpty)
        {
            return false;
        }

        var check = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var c = digits[digits.Length - 1 - i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            check = Multiplication[check, Permutation[i % 8, c - '0']];
        }

        return check == 0;
    }

    /// <summary>The check digit to append to <paramref name="digits"/>.</summary>
    /// <param name="digits">ASCII digits without check digit.</param>
    /// <returns>The check digit, 0-9.</returns>
    /// <exception cref="ArgumentException">The text holds something other than ASCII digits.</exception>
    public static int Compute(ReadOnlySpan<char> digits)
    {
        var check = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var c = digits[digits.Length - 1 - i];
            if (!char.IsAsciiDigit(c))
            {
                throw new ArgumentException("Only ASCII digits carry a Verhoeff check digit.", nameof(digits));
            }

            check = Multiplication[check, Permutation[(i + 1) % 8, c - '0']];
        }

        return Inverse[check];
    }
}
