using System.Diagnostics.CodeAnalysis;
using Interop.Signatures.Messages;

namespace Interop.Signatures.Signing;

/// <summary>The two field members a signature adds to a message, or why the message could not be signed.</summary>
public sealed class SignResult
{
    private SignResult(string? label, string? signatureInput, string? signature, string? signatureBase, SignatureParameters? parameters, string? error)
    {
        Label = label;
        SignatureInput = signatureInput;
        Signature = signature;
        SignatureBase = signatureBase;
        Parameters = parameters;
        Error = error;
    }

    /// <summary>True when the message was signed.</summary>
    [MemberNotNullWhen(true, nameof(Label), nameof(SignatureInput), nameof(Signature), nameof(SignatureBase), nameof(Parameters))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>The signature label.</summary>
    public string? Label { get; }

    /// <summary>The Signature-Input member, e.g. <c>sig1=("@method");created=...</c>.</summary>
    public string? SignatureInput { get; }

    /// <summary>The Signature member, e.g. <c>sig1=:...:</c>.</summary>
    public string? Signature { get; }

    /// <summary>The signature base that was signed (for the transaction log).</summary>
    public string? SignatureBase { get; }

    /// <summary>The signature parameters.</summary>
    public SignatureParameters? Parameters { get; }

    /// <summary>Why signing failed (e.g. a covered field is absent).</summary>
    public string? Error { get; }

    /// <summary>Adds the two members to the fields, after any signatures already there.</summary>
    /// <exception cref="InvalidOperationException">Signing failed.</exception>
    public void ApplyTo(HttpFields headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (!IsSuccess)
        {
            throw new InvalidOperationException("Cannot apply a failed signature: " + Error);
        }

        headers.Add(SignatureFields.SignatureInputName, SignatureInput);
        headers.Add(SignatureFields.SignatureName, Signature);
    }

    internal static SignResult Success(string label, string signatureInput, string signature, string signatureBase, SignatureParameters parameters) =>
        new(label, signatureInput, signature, signatureBase, parameters, null);

    internal static SignResult Failure(string error) => new(null, null, null, null, null, error);
}
