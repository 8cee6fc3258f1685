using System.Security.Cryptography;
using Interop.Signatures.StructuredFields;

namespace Interop.Signatures.Digests;

/// <summary>
/// The <c>Content-Digest</c> field of RFC 9530: computes it for a body, parses a received one and
/// checks it against the body. Only <c>sha-256</c> and <c>sha-512</c> are accepted; the deprecated
/// algorithms of the registry (md5, sha, unixsum, unixcksum, adler, crc32c) are never trusted.
/// </summary>
public static class ContentDigest
{
    /// <summary>The field name.</summary>
    public const string FieldName = "content-digest";

    private static readonly HashSet<string> InsecureAlgorithms =
        new(["md5", "sha", "unixsum", "unixcksum", "adler", "crc32c", "id-sha-256", "id-sha-512"], StringComparer.Ordinal);

    /// <summary>The registry name of an algorithm (<c>sha-256</c>, <c>sha-512</c>).</summary>
    public static string NameOf(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => "sha-256",
        DigestAlgorithm.Sha512 => "sha-512",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown digest algorithm"),
    };

    /// <summary>Computes a Content-Digest field value, e.g. <c>sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:</c>.</summary>
    public static string Create(ReadOnlySpan<byte> content, DigestAlgorithm algorithm = DigestAlgorithm.Sha256) =>
        Create(content, [algorithm]);

    /// <summary>Computes a Content-Digest field value with one member per algorithm, in the order given.</summary>
    public static string Create(ReadOnlySpan<byte> content, IEnumerable<DigestAlgorithm> algorithms)
    {
        var dictionary = new SfDictionary();
        foreach (var algorithm in algorithms)
        {
            dictionary.Set(NameOf(algorithm), new SfItem(SfBareItem.ByteSequence(Hash(algorithm, content))));
        }

        // Registry names and byte sequences always serialize.
        return StructuredFieldSerializer.Serialize(dictionary).Value!;
    }

    /// <summary>Parses a Content-Digest (or Repr-Digest) field value into its members.</summary>
    public static ParseResult<IReadOnlyList<DigestValue>> Parse(string fieldValue)
    {
        var parsed = StructuredFieldParser.ParseDictionary(fieldValue);
        if (!parsed.IsSuccess)
        {
            return ParseResult.Failure<IReadOnlyList<DigestValue>>(parsed.Error);
        }

        var values = new List<DigestValue>();
        foreach (var (algorithm, member) in parsed.Value)
        {
            if (member is not SfItem { Value.Type: SfItemType.ByteSequence } item)
            {
                return ParseResult.Failure<IReadOnlyList<DigestValue>>(0, $"member '{algorithm}' is not a byte sequence");
            }

            values.Add(new DigestValue(algorithm, item.Value.AsByteSequence()!.Value));
        }

        return ParseResult.Success<IReadOnlyList<DigestValue>>(values);
    }

    /// <summary>
    /// Checks a received Content-Digest field value against the content. Every member with an
    /// accepted algorithm must match; members with other algorithms are ignored, and a field with
    /// no accepted member is refused.
    /// </summary>
    /// <param name="fieldValue">The received field value (lines joined with ", "), or null when absent.</param>
    /// <param name="content">The message content as received.</param>
    /// <param name="accepted">The algorithms to accept; null for sha-256 and sha-512.</param>
    public static DigestCheck Verify(string? fieldValue, ReadOnlySpan<byte> content, IReadOnlyCollection<DigestAlgorithm>? accepted = null)
    {
        if (string.IsNullOrEmpty(fieldValue))
        {
            return new DigestCheck(DigestCheckStatus.Missing, "no Content-Digest field");
        }

        var parsed = Parse(fieldValue);
        if (!parsed.IsSuccess)
        {
            return new DigestCheck(DigestCheckStatus.Malformed, $"Content-Digest is malformed at {parsed.Error}");
        }

        accepted ??= [DigestAlgorithm.Sha256, DigestAlgorithm.Sha512];
        var checkedNames = new List<string>();
        var ignored = new List<string>();
        foreach (var value in parsed.Value)
        {
            var algorithm = accepted.Cast<DigestAlgorithm?>().FirstOrDefault(a => NameOf(a!.Value) == value.Algorithm);
            if (algorithm is null)
            {
                ignored.Add(InsecureAlgorithms.Contains(value.Algorithm) ? value.Algorithm + " (insecure)" : value.Algorithm);
                continue;
            }

            var expected = Hash(algorithm.Value, content);
            if (!CryptographicOperations.FixedTimeEquals(expected, value.Digest.Span))
            {
                return new DigestCheck(DigestCheckStatus.Mismatch, $"{value.Algorithm} digest does not match the content");
            }

            checkedNames.Add(value.Algorithm);
        }

        return checkedNames.Count == 0
            ? new DigestCheck(DigestCheckStatus.UnsupportedAlgorithm, "no accepted digest algorithm; ignored: " + string.Join(", ", ignored))
            : new DigestCheck(DigestCheckStatus.Valid, "matched " + string.Join(", ", checkedNames));
    }

    private static byte[] Hash(DigestAlgorithm algorithm, ReadOnlySpan<byte> content) => algorithm switch
    {
        DigestAlgorithm.Sha256 => SHA256.HashData(content),
        DigestAlgorithm.Sha512 => SHA512.HashData(content),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown digest algorithm"),
    };
}
