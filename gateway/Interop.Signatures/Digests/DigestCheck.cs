namespace Interop.Signatures.Digests;

/// <summary>The outcome of <see cref="ContentDigest.Verify(string?, ReadOnlySpan{byte}, IReadOnlyCollection{DigestAlgorithm}?)"/>.</summary>
/// <param name="Status">What was found.</param>
/// <param name="Detail">A short explanation for logs and error answers (no content, only algorithm names).</param>
public sealed record DigestCheck(DigestCheckStatus Status, string Detail)
{
    /// <summary>True when <see cref="Status"/> is <see cref="DigestCheckStatus.Valid"/>.</summary>
    public bool IsValid => Status == DigestCheckStatus.Valid;
}
