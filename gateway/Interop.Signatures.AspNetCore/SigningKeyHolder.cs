using Interop.Signatures.Keys;

namespace Interop.Signatures.AspNetCore;

/// <summary>This service's private key, loaded once at start-up; null when signing is off.</summary>
internal sealed record SigningKeyHolder(SignatureKey? Key);
