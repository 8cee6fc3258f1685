namespace Interop.Signatures.Trust;

/// <summary>The trust store (or a private signing key) is malformed; the message names the member, the key id and the reason.</summary>
public sealed class TrustStoreException : Exception
{
    /// <summary>Creates an exception without details.</summary>
    public TrustStoreException()
        : this("the trust store is malformed")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public TrustStoreException(string message)
        : base(message)
    {
        Reason = message;
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public TrustStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>Creates an exception naming the member and key at fault.</summary>
    /// <param name="memberId">The member whose configuration is wrong, or null.</param>
    /// <param name="keyId">The key id at fault, or null when not about one key.</param>
    /// <param name="reason">What is wrong.</param>
    /// <param name="innerException">The cause, or null.</param>
    public TrustStoreException(string? memberId, string? keyId, string reason, Exception? innerException = null)
        : base(Format(memberId, keyId, reason), innerException)
    {
        MemberId = memberId;
        KeyId = keyId;
        Reason = reason;
    }

    /// <summary>The member whose configuration is wrong, when known.</summary>
    public string? MemberId { get; }

    /// <summary>The key id at fault, when the error is about one key.</summary>
    public string? KeyId { get; }

    /// <summary>What is wrong, without the member and key prefix.</summary>
    public string Reason { get; }

    private static string Format(string? memberId, string? keyId, string reason)
    {
        var where = (memberId, keyId) switch
        {
            (null, null) => "trust store",
            (not null, null) => $"trust store member '{memberId}'",
            (null, not null) => $"key '{keyId}'",
            _ => $"trust store member '{memberId}', key '{keyId}'",
        };
        return $"{where}: {reason}";
    }
}
