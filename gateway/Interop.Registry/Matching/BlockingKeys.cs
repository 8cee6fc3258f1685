using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Interop.Registry.Storage;

namespace Interop.Registry.Matching;

/// <summary>
/// The keys that put records likely to be the same person in the same block, so a match reads a few hundred
/// candidates, not the population. Each is kept as a 64-bit digest in the indexed <c>blocking_keys</c> table.
/// Together they survive one broken field: a swapped name order (pairs are order-free), a typo in one name part
/// (each part with commune and birth year), a wrong birth year (the name pair with the commune), typos in both names
/// (village, birth year and sex).
/// </summary>
public static class BlockingKeys
{
    /// <summary>The keys of a record, as text (for tests and the README).</summary>
    /// <param name="record">The record's features.</param>
    /// <returns>The keys.</returns>
    public static IReadOnlyList<string> Describe(IdentityRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var year = record.BirthDate is { Length: >= 4 } date ? date[..4] : null;
        var commune = record.Village is { Length: >= 6 } village ? village[..6] : null;
        var keys = new List<string>();
        foreach (var (script, family, given) in new[] { ("k", record.KhmerFamily, record.KhmerGiven), ("l", record.LatinFamily, record.LatinGiven) })
        {
            if (family is not null && given is not null)
            {
                var (first, second) = string.CompareOrdinal(family, given) <= 0 ? (family, given) : (given, family);
                if (year is not null)
                {
                    keys.Add($"pair|{script}|{first}|{second}|{year}");
                }

                if (commune is not null)
                {
                    keys.Add($"pair-commune|{script}|{first}|{second}|{commune}");
                }
            }

            if (commune is not null && year is not null)
            {
                foreach (var part in new[] { family, given }.OfType<string>().Distinct())
                {
                    keys.Add($"part|{script}|{part}|{commune}|{year}");
                }
            }
        }

        if (record.Village is not null && year is not null && record.Sex is not null)
        {
            keys.Add($"village|{record.Village}|{year}|{record.Sex}");
        }

        return keys;
    }

    /// <summary>The keys of a record as 64-bit digests.</summary>
    /// <param name="record">The record's features.</param>
    /// <returns>The digests.</returns>
    public static IReadOnlyList<long> For(IdentityRecord record) => Describe(record).Select(Digest).Distinct().ToList();

    private static long Digest(string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }
}
