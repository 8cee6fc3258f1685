using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Interop.Gateway.Transactions;

/// <summary>The chain hash of a record: SHA-256 over the previous hash and a canonical serialization of the record's content.</summary>
internal static class TransactionHasher
{
    private static readonly JsonSerializerOptions Canonical = new() { WriteIndented = false };

    public static string Hash(TransactionRecord record, string? previousHash)
    {
        // Canonical form: the time in UTC, as the stores keep it, so a record hashes the same before and after a round trip.
        var content = record with { PreviousHash = null, Hash = null, ReceivedAt = record.ReceivedAt.ToUniversalTime() };
        var bytes = Encoding.UTF8.GetBytes((previousHash ?? "") + "\n" + JsonSerializer.Serialize(content, Canonical));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    public static string Digest(ReadOnlySpan<byte> body) => "sha-256=" + Convert.ToBase64String(SHA256.HashData(body));
}
