using System.Security.Cryptography;
using System.Text;

namespace Interop.Contracts.Mapping;

/// <summary>
/// FHIR resource ids derived from an identifier (system and value): the same input always maps to the same id,
/// so re-mapping is idempotent and retries are recognizable; and the id carries no personal data, because it is a
/// digest, not the identifier itself (ids travel in URLs and logs).
/// </summary>
public static class DeterministicId
{
    /// <summary>An id of the form <c>&lt;prefix&gt;-&lt;32 hex digits&gt;</c> (SHA-256 of <c>system|value</c>, truncated).</summary>
    /// <param name="prefix">A short lower-case prefix naming what the resource is (<c>claim</c>, <c>enc</c>, <c>pat</c>).</param>
    /// <param name="system">The identifier system uri.</param>
    /// <param name="value">The identifier value, normalized (the same value must always be written the same way).</param>
    /// <returns>A valid FHIR id (at most 64 characters).</returns>
    public static string For(string prefix, string system, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentException.ThrowIfNullOrEmpty(system);
        ArgumentNullException.ThrowIfNull(value);
        if (prefix.Length > 24 || !prefix.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException("The prefix is 1-24 characters of a-z, 0-9 and '-'.", nameof(prefix));
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(system + "|" + value), hash);
        return prefix + "-" + Convert.ToHexStringLower(hash[..16]);
    }
}
