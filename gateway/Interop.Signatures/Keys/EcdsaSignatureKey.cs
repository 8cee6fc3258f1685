using System.Security.Cryptography;

namespace Interop.Signatures.Keys;

/// <summary>ecdsa-p256-sha256: RFC 9421 §3.3.4 uses the fixed 64-byte r||s form (IEEE P1363), not DER.</summary>
internal sealed class EcdsaSignatureKey(string keyId, ECDsa key) : SignatureKey(keyId, SignatureAlgorithms.EcdsaP256Sha256)
{
    private readonly ECDsa _key = key;

    public override byte[] Sign(ReadOnlySpan<byte> signatureBase) =>
        _key.SignData(signatureBase, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public override bool Verify(ReadOnlySpan<byte> signatureBase, ReadOnlySpan<byte> signature) =>
        signature.Length == 64
        && _key.VerifyData(signatureBase, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _key.Dispose();
        }
    }
}
