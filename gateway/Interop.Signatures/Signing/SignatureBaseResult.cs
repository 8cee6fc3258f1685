using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Interop.Signatures.Signing;

/// <summary>The signature base (RFC 9421 §2.5) or the reason it cannot be built (e.g. a covered field is absent).</summary>
public sealed class SignatureBaseResult
{
    private SignatureBaseResult(string? value, string? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The signature base: lines joined by LF, no trailing LF.</summary>
    public string? Value { get; }

    /// <summary>Why the base cannot be built.</summary>
    public string? Error { get; }

    /// <summary>True when the base was built.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>The bytes that are signed (the base is ASCII).</summary>
    public byte[] ToBytes() => Encoding.ASCII.GetBytes(Value ?? string.Empty);

    internal static SignatureBaseResult Success(string value) => new(value, null);

    internal static SignatureBaseResult Failure(string error) => new(null, error);
}
