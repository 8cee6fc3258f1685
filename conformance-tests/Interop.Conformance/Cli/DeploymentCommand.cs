using Interop.Conformance.Deployment;
using Interop.Signatures.Keys;
using Interop.Signatures.Trust;

namespace Interop.Conformance.Cli;

/// <summary>The <c>deployment</c> command's options as a <see cref="DeploymentTarget"/>.</summary>
internal static class DeploymentCommand
{
    public static DeploymentTarget Target(CommandLine line)
    {
        var url = line.Required("url");
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var gateway) || gateway.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--url must be an absolute http(s) URL, not '{url}'.");
        }

        SignatureKey key;
        try
        {
            key = SigningKeyLoader.Load(new SigningKeyOptions
            {
                KeyFile = Path.GetFullPath(line.Required("key")),
                KeyId = line.Required("kid"),
                Algorithm = line.Get("algorithm") ?? SignatureAlgorithms.EcdsaP256Sha256,
            });
        }
        catch (SigningKeyException e)
        {
            throw new ArgumentException(e.Message, e);
        }

        var format = line.Get("format") switch
        {
            null => (LegacyFormat?)null,
            "hspis" or "h-spis" => LegacyFormat.Hspis,
            "pmrs" => LegacyFormat.Pmrs,
            var other => throw new ArgumentException($"--format is hspis or pmrs, not '{other}'."),
        };
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in line.All("header"))
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new ArgumentException($"--header is \"Name: value\", not '{header}'.");
            }

            headers[header[..colon].Trim()] = header[(colon + 1)..].Trim();
        }

        var defaults = new DeploymentTarget { Gateway = gateway, MemberId = "", Key = key, GatewayKeys = null!, Sample = null! };
        return defaults with
        {
            MemberId = line.Required("member"),
            GatewayKeys = GatewayKeys(line.Required("gateway-keys")),
            Sample = SampleRequest.Load(line.Required("route"), line.Get("path"), format, line.Get("content-type"), headers),
            OversizeBytes = line.Number("oversize-bytes") ?? defaults.OversizeBytes,
            Timeout = line.Number("timeout-ms") is { } ms ? TimeSpan.FromMilliseconds(ms) : defaults.Timeout,
        };
    }

    /// <summary>The gateway's public keys from its JWKS file.</summary>
    private static TrustStore GatewayKeys(string file)
    {
        if (!File.Exists(file))
        {
            throw new ArgumentException($"The gateway's JWKS '{file}' does not exist.");
        }

        try
        {
            var gateway = new TrustedMemberOptions { JwksFile = Path.GetFullPath(file) };
            return TrustStore.Load(new TrustStoreOptions { Members = { ["KH/GOV/NSPC/GATEWAY"] = gateway } });
        }
        catch (TrustStoreException e)
        {
            throw new ArgumentException($"The gateway's JWKS '{file}' cannot be used: {e.Message}", e);
        }
    }
}
