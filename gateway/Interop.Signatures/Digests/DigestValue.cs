namespace Interop.Signatures.Digests;

/// <summary>One member of a Content-Digest field: an algorithm name and the digest it carries.</summary>
/// <param name="Algorithm">The algorithm key as received, e.g. <c>sha-256</c> (any registered or unknown name).</param>
/// <param name="Digest">The digest bytes.</param>
public sealed record DigestValue(string Algorithm, ReadOnlyMemory<byte> Digest);
