using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Interop.Signatures.Trust;

/// <summary>A generated member key: the public JWKS for the trust store and the private JWK for the member's edge.</summary>
/// <param name="KeyId">The key id.</param>
/// <param name="PublicJwks">The public JWKS (<c>{"keys":[...]}</c>), safe to publish.</param>
/// <param name="PrivateJwk">The private JWK (with <c>d</c>); keep it out of the repository.</param>
public sealed record GeneratedKeyPair(string KeyId, string PublicJwks, string PrivateJwk);

/// <summary>Writes P-256 keys as JWK / JWKS (RFC 7517), with the trust store's <c>nbf</c> / <c>exp</c> validity members.</summary>
public static class JwksWriter
{
    /// <summary>Generates a P-256 key pair for <c>ecdsa-p256-sha256</c>.</summary>
    /// <param name="keyId">The key id (<c>kid</c>).</param>
    /// <param name="notBefore">Written as <c>nbf</c> when given.</param>
    /// <param name="notAfter">Written as <c>exp</c> when given.</param>
    public static GeneratedKeyPair GenerateP256(string keyId, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new GeneratedKeyPair(keyId, PublicJwks(key, keyId, notBefore, notAfter), PrivateJwk(key, keyId, notBefore, notAfter));
    }

    /// <summary>A JWKS holding the public part of one P-256 key.</summary>
    public static string PublicJwks(ECDsa key, string keyId, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            WriteJwk(writer, key, keyId, notBefore, notAfter, includePrivate: false);
            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    /// <summary>The private JWK (with <c>d</c>) of a P-256 key.</summary>
    public static string PrivateJwk(ECDsa key, string keyId, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null) =>
        Write(writer => WriteJwk(writer, key, keyId, notBefore, notAfter, includePrivate: true));

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteJwk(Utf8JsonWriter writer, ECDsa key, string keyId, DateTimeOffset? notBefore, DateTimeOffset? notAfter, bool includePrivate)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        var parameters = key.ExportParameters(includePrivate);
        if (key.KeySize != 256)
        {
            throw new ArgumentException("only P-256 keys are written", nameof(key));
        }

        writer.WriteStartObject();
        writer.WriteString("kty", "EC");
        writer.WriteString("crv", "P-256");
        writer.WriteString("kid", keyId);
        writer.WriteString("use", "sig");
        writer.WriteString("alg", "ES256");
        writer.WriteString("x", Base64Url.EncodeToString(parameters.Q.X));
        writer.WriteString("y", Base64Url.EncodeToString(parameters.Q.Y));
        if (includePrivate)
        {
            writer.WriteString("d", Base64Url.EncodeToString(parameters.D));
        }

        if (notBefore is { } nbf)
        {
            writer.WriteNumber("nbf", nbf.ToUnixTimeSeconds());
        }

        if (notAfter is { } exp)
        {
            writer.WriteNumber("exp", exp.ToUnixTimeSeconds());
        }

        writer.WriteEndObject();
    }
}
