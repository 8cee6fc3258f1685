namespace Interop.Signatures.Digests;

/// <summary>The result of checking a received Content-Digest against the content.</summary>
public enum DigestCheckStatus
{
    /// <summary>Every supported digest in the field matches the content.</summary>
    Valid,

    /// <summary>The message has no Content-Digest field.</summary>
    Missing,

    /// <summary>The field is not a Dictionary of Byte Sequences.</summary>
    Malformed,

    /// <summary>The field carries only unknown or insecure algorithms (md5, sha, crc32c, ...).</summary>
    UnsupportedAlgorithm,

    /// <summary>A supported digest does not match the content.</summary>
    Mismatch,
}
