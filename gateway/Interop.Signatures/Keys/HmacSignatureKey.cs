using System.Security.Cryptography;

namespace Interop.Signatures.Keys;

/// <summary>hmac-sha256; the comparison takes constant time.</summary>
internal sealed class HmacSignatureKey(string keyId, byte[] secret) : SignatureKey(keyId, SignatureAlgorithms.HmacSha256)
{
    private readonly byte[] _secret = secret;

    public override byte[] Sign(ReadOnlySpan<byte> signatureBase) => HMACSHA256.HashData(_secret, signatureBase);

    public override bool Verify(ReadOnlySpan<byte> signatureBase, ReadOnlySpan<byte> signature) =>
        CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_secret, signatureBase), signature);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CryptographicOperations.ZeroMemory(_secret);
        }
    }
}
