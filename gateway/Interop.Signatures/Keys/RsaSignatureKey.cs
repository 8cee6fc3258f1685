using System.Security.Cryptography;

namespace Interop.Signatures.Keys;

/// <summary>rsa-pss-sha512 (salt length = 64, the hash length) and rsa-v1_5-sha256.</summary>
internal sealed class RsaSignatureKey(string keyId, string algorithm, RSA key, HashAlgorithmName hash, RSASignaturePadding padding)
    : SignatureKey(keyId, algorithm)
{
    private readonly RSA _key = key;

    public override byte[] Sign(ReadOnlySpan<byte> signatureBase) => _key.SignData(signatureBase.ToArray(), hash, padding);

    public override bool Verify(ReadOnlySpan<byte> signatureBase, ReadOnlySpan<byte> signature) =>
        signature.Length == _key.KeySize / 8 && _key.VerifyData(signatureBase, signature, hash, padding);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _key.Dispose();
        }
    }
}
