using System.Text.Json;
using Interop.Signatures.Keys;
using Interop.Signatures.Trust;

namespace Interop.Cli;

/// <summary>Keys from files given on the command line.</summary>
internal static class CliKeys
{
    /// <summary>The member's private key from a private JWK (its kid) or a PKCS#8 PEM (with --kid).</summary>
    public static SignatureKey LoadPrivate(FileInfo file, string? kid)
    {
        try
        {
            var text = File.ReadAllText(file.FullName);
            kid ??= KidOf(text) ?? throw new CliException($"{file.FullName}: no kid in the key; give --kid");
            return SigningKeyLoader.Parse(text, kid, source: "file " + file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SigningKeyException)
        {
            throw new CliException(e.Message, e);
        }
    }

    /// <summary>A trust store of one JWKS file, owned by the given member.</summary>
    public static TrustStore LoadTrust(FileInfo jwks, string member)
    {
        var options = new TrustStoreOptions();
        options.Members[member] = new TrustedMemberOptions { JwksFile = jwks.FullName, Routes = ["*"] };
        try
        {
            return TrustStore.Load(options);
        }
        catch (TrustStoreException e)
        {
            throw new CliException(e.Message, e);
        }
    }

    private static string? KidOf(string text)
    {
        if (!text.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String ? kid.GetString() : null;
        }
        catch (JsonException e)
        {
            throw new CliException("the key file is not valid JSON: " + e.Message, e);
        }
    }
}
