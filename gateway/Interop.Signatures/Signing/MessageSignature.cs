namespace Interop.Signatures.Signing;

/// <summary>One labelled signature found on a message: its parameters and its value (empty when the Signature field lacks the label).</summary>
/// <param name="Label">The dictionary key shared by Signature-Input and Signature, e.g. <c>sig1</c>.</param>
/// <param name="Parameters">The covered components and parameters.</param>
/// <param name="Value">The signature bytes, or null when the Signature field has no member with this label.</param>
public sealed record MessageSignature(string Label, SignatureParameters Parameters, ReadOnlyMemory<byte>? Value);
