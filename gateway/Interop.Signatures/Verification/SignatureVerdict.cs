using System.Diagnostics.CodeAnalysis;
using Interop.Signatures.Signing;

namespace Interop.Signatures.Verification;

/// <summary>The verifier's answer: valid (with who signed and when) or refused (with a reason code).</summary>
public sealed class SignatureVerdict
{
    private SignatureVerdict(SignatureRefusal? refusal, string detail, string? label, SignatureParameters? parameters, string? algorithm)
    {
        Refusal = refusal;
        Detail = detail;
        Label = label;
        Parameters = parameters;
        Algorithm = algorithm;
    }

    /// <summary>True when the signature is valid and every policy rule holds.</summary>
    [MemberNotNullWhen(true, nameof(Label), nameof(Parameters), nameof(KeyId), nameof(Algorithm))]
    [MemberNotNullWhen(false, nameof(Refusal), nameof(ReasonCode))]
    public bool IsValid => Refusal is null;

    /// <summary>Why the message was refused; null when valid.</summary>
    public SignatureRefusal? Refusal { get; }

    /// <summary>The refusal code (e.g. <c>signature-expired</c>); null when valid.</summary>
    public string? ReasonCode => Refusal?.ToCode();

    /// <summary>A short explanation for logs and error answers. It never contains key material or content.</summary>
    public string Detail { get; }

    /// <summary>The label of the signature examined, when one was selected.</summary>
    public string? Label { get; }

    /// <summary>The parameters of the signature examined, when one was selected.</summary>
    public SignatureParameters? Parameters { get; }

    /// <summary>The key id of the signature examined.</summary>
    public string? KeyId => Parameters?.KeyId;

    /// <summary>The <c>created</c> time of the signature examined.</summary>
    public DateTimeOffset? Created => Parameters?.Created;

    /// <summary>The <c>nonce</c> of the signature examined.</summary>
    public string? Nonce => Parameters?.Nonce;

    /// <summary>The algorithm the signature was verified with.</summary>
    public string? Algorithm { get; }

    /// <inheritdoc />
    public override string ToString() => IsValid ? $"valid {Label} keyid={KeyId}" : $"{ReasonCode}: {Detail}";

    internal static SignatureVerdict Valid(string label, SignatureParameters parameters, string algorithm) =>
        new(null, "valid", label, parameters, algorithm);

    internal static SignatureVerdict Refused(SignatureRefusal refusal, string detail, MessageSignature? signature = null) =>
        new(refusal, detail, signature?.Label, signature?.Parameters, null);
}
