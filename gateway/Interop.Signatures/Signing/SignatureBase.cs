using System.Text;
using Interop.Signatures.Components;
using Interop.Signatures.Messages;

namespace Interop.Signatures.Signing;

/// <summary>Creates the signature base of RFC 9421 §2.5, the exact bytes that are signed and verified.</summary>
public static class SignatureBase
{
    /// <summary>Builds the base for a message and a signature's parameters.</summary>
    /// <returns>The base, or an error when a component is absent, repeated or not applicable.</returns>
    public static SignatureBaseResult Create(HttpMessage message, SignatureParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(parameters);

        var builder = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var component in parameters.Components)
        {
            var identifier = component.Serialize();
            if (!seen.Add(identifier))
            {
                return SignatureBaseResult.Failure($"{identifier} is covered twice");
            }

            var (value, error) = ComponentValues.Compute(message, component);
            if (value is null)
            {
                return SignatureBaseResult.Failure(error ?? $"{identifier} has no value");
            }

            builder.Append(identifier).Append(": ").Append(value).Append('\n');
        }

        builder.Append("\"@signature-params\": ").Append(parameters.Serialize());
        return SignatureBaseResult.Success(builder.ToString());
    }
}
