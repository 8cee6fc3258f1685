using Interop.Signatures.Messages;
using Interop.Signatures.StructuredFields;

namespace Interop.Signatures.Signing;

/// <summary>Reads and writes the <c>Signature-Input</c> and <c>Signature</c> fields (RFC 9421 §4).</summary>
public static class SignatureFields
{
    /// <summary>The Signature-Input field name.</summary>
    public const string SignatureInputName = "signature-input";

    /// <summary>The Signature field name.</summary>
    public const string SignatureName = "signature";

    /// <summary>Reads every signature from a message's header fields.</summary>
    /// <returns>The signatures in Signature-Input order (empty when the message has no Signature-Input field), or an error.</returns>
    public static ParseResult<IReadOnlyList<MessageSignature>> Read(HttpFields headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return Parse(headers.GetCombined(SignatureInputName), headers.GetCombined(SignatureName));
    }

    /// <summary>Parses Signature-Input and Signature field values (lines already joined with ", ").</summary>
    public static ParseResult<IReadOnlyList<MessageSignature>> Parse(string? signatureInput, string? signature)
    {
        if (string.IsNullOrEmpty(signatureInput))
        {
            return ParseResult.Success<IReadOnlyList<MessageSignature>>([]);
        }

        var inputs = StructuredFieldParser.ParseDictionary(signatureInput);
        if (!inputs.IsSuccess)
        {
            return ParseResult.Failure<IReadOnlyList<MessageSignature>>(inputs.Error with { Reason = "Signature-Input: " + inputs.Error.Reason });
        }

        var values = StructuredFieldParser.ParseDictionary(signature ?? string.Empty);
        if (!values.IsSuccess)
        {
            return ParseResult.Failure<IReadOnlyList<MessageSignature>>(values.Error with { Reason = "Signature: " + values.Error.Reason });
        }

        var result = new List<MessageSignature>();
        foreach (var (label, member) in inputs.Value)
        {
            var parameters = SignatureParameters.FromMember(label, member);
            if (!parameters.IsSuccess)
            {
                return ParseResult.Failure<IReadOnlyList<MessageSignature>>(parameters.Error);
            }

            ReadOnlyMemory<byte>? bytes = null;
            if (values.Value.TryGetValue(label, out var value))
            {
                if (value is not SfItem { Value.Type: SfItemType.ByteSequence } item)
                {
                    return ParseResult.Failure<IReadOnlyList<MessageSignature>>(0, $"Signature member '{label}' is not a byte sequence");
                }

                bytes = item.Value.AsByteSequence();
            }

            result.Add(new MessageSignature(label, parameters.Value, bytes));
        }

        return ParseResult.Success<IReadOnlyList<MessageSignature>>(result);
    }

    /// <summary>The Signature-Input member for one signature, e.g. <c>sig1=("@method");created=1618884473</c>.</summary>
    public static string FormatSignatureInput(string label, SignatureParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Format(label, parameters.ToInnerList());
    }

    /// <summary>The Signature member for one signature, e.g. <c>sig1=:base64:</c>.</summary>
    public static string FormatSignature(string label, ReadOnlySpan<byte> signature) =>
        Format(label, new SfItem(SfBareItem.ByteSequence(signature)));

    private static string Format(string label, SfMember member)
    {
        var serialized = StructuredFieldSerializer.Serialize(new SfDictionary().Set(label, member));
        return serialized.IsSuccess
            ? serialized.Value
            : throw new ArgumentException($"'{label}' is not a valid signature label: {serialized.Error}", nameof(label));
    }
}
