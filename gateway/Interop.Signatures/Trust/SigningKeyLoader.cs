using System.Security.Cryptography;
using System.Text.Json;
using Interop.Signatures.Keys;

namespace Interop.Signatures.Trust;

/// <summary>Loads a member's private signing key from a file or an environment variable (a private JWK or a PKCS#8 PEM).</summary>
public static class SigningKeyLoader
{
    /// <summary>Loads the key.</summary>
    /// <param name="options">Where the key is and its id and algorithm.</param>
    /// <param name="contentRoot">Where a relative <see cref="SigningKeyOptions.KeyFile"/> starts; default the current directory.</param>
    /// <returns>A key able to sign; the caller owns (disposes) it.</returns>
    /// <exception cref="SigningKeyException">The key is not configured, not found, malformed, public only, or of another algorithm.</exception>
    public static SignatureKey Load(SigningKeyOptions options, string? contentRoot = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.KeyId))
        {
            throw new SigningKeyException("signing key: KeyId is not set");
        }

        var (text, source) = ReadText(options, contentRoot);
        return Parse(text, options.KeyId, options.Algorithm, source);
    }

    /// <summary>Reads a private key from JWK or PEM text.</summary>
    /// <param name="text">A private JWK (JSON object) or a PEM <c>PRIVATE KEY</c> / <c>EC PRIVATE KEY</c> / <c>RSA PRIVATE KEY</c> block.</param>
    /// <param name="keyId">The key id; a JWK's <c>kid</c>, when present, must equal it.</param>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="source">Where the text came from, for error messages.</param>
    /// <exception cref="SigningKeyException">The text is not a private key for the algorithm.</exception>
    public static SignatureKey Parse(string text, string keyId, string algorithm = SignatureAlgorithms.EcdsaP256Sha256, string source = "key text")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (algorithm is not (SignatureAlgorithms.EcdsaP256Sha256 or SignatureAlgorithms.RsaPssSha512))
        {
            throw new SigningKeyException($"signing key '{keyId}' from {source}: algorithm '{algorithm}' is not ecdsa-p256-sha256 or rsa-pss-sha512");
        }

        return text.TrimStart().StartsWith('{') ? FromJwk(text, keyId, algorithm, source) : FromPem(text, keyId, algorithm, source);
    }

    private static (string Text, string Source) ReadText(SigningKeyOptions options, string? contentRoot)
    {
        var hasFile = !string.IsNullOrWhiteSpace(options.KeyFile);
        var hasVariable = !string.IsNullOrWhiteSpace(options.KeyEnvironmentVariable);
        if (hasFile == hasVariable)
        {
            throw new SigningKeyException($"signing key '{options.KeyId}': set exactly one of KeyFile and KeyEnvironmentVariable");
        }

        if (hasVariable)
        {
            var value = Environment.GetEnvironmentVariable(options.KeyEnvironmentVariable!);
            return string.IsNullOrWhiteSpace(value)
                ? throw new SigningKeyException($"signing key '{options.KeyId}': environment variable {options.KeyEnvironmentVariable} is not set")
                : (value, "environment variable " + options.KeyEnvironmentVariable);
        }

        var path = Path.GetFullPath(options.KeyFile!, contentRoot ?? Directory.GetCurrentDirectory());
        try
        {
            return (File.ReadAllText(path), "file " + path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SigningKeyException($"signing key '{options.KeyId}': cannot read {path}: {e.Message}", e);
        }
    }

    private static SignatureKey FromJwk(string json, string keyId, string algorithm, string source)
    {
        string? kid;
        bool hasPrivate;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            kid = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("kid", out var k) ? k.GetString() : null;
            hasPrivate = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("d", out _);
        }
        catch (JsonException e)
        {
            throw new SigningKeyException($"signing key '{keyId}' from {source}: not valid JSON: {e.Message}", e);
        }

        if (kid is not null && kid != keyId)
        {
            throw new SigningKeyException($"signing key '{keyId}' from {source}: the JWK's kid is '{kid}'");
        }

        if (!hasPrivate)
        {
            throw new SigningKeyException($"signing key '{keyId}' from {source}: the JWK has no private part (d)");
        }

        var parsed = SignatureKey.FromJwk(json, algorithm, keyId);
        return parsed.IsSuccess ? parsed.Value : throw new SigningKeyException($"signing key '{keyId}' from {source}: {parsed.Error.Reason}");
    }

    private static SignatureKey FromPem(string pem, string keyId, string algorithm, string source)
    {
        if (!PemEncoding.TryFind(pem, out var fields) || !pem[fields.Label].EndsWith("PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new SigningKeyException($"signing key '{keyId}' from {source}: neither a JWK nor a PEM private key");
        }

        try
        {
            if (algorithm == SignatureAlgorithms.EcdsaP256Sha256)
            {
                var ec = ECDsa.Create();
                ec.ImportFromPem(pem);
                return SignatureKey.EcdsaP256Sha256(keyId, ec);
            }

            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return SignatureKey.RsaPssSha512(keyId, rsa);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new SigningKeyException($"signing key '{keyId}' from {source}: not a {algorithm} private key: {e.Message}", e);
        }
    }
}

/// <summary>A private signing key could not be loaded; the message says which key, from where, and why.</summary>
public sealed class SigningKeyException : Exception
{
    /// <summary>Creates an exception without details.</summary>
    public SigningKeyException()
        : this("the signing key could not be loaded")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public SigningKeyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public SigningKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
