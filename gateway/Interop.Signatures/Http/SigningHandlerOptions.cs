using Interop.Signatures.Keys;
using Interop.Signatures.Verification;

namespace Interop.Signatures.Http;

/// <summary>How a <see cref="SigningHandler"/> signs requests and checks responses.</summary>
public sealed class SigningHandlerOptions
{
    /// <summary>The member's private signing key (its <c>KeyId</c> is sent as <c>keyid</c>). Required.</summary>
    public SignatureKey Key { get; set; } = null!;

    /// <summary>The sending member's id, e.g. <c>KH/GOV/NSPC/GATEWAY</c>, sent in <see cref="MemberHeader"/>. Required.</summary>
    public string MemberId { get; set; } = "";

    /// <summary>The header naming the sending member. Default <c>X-Member-Id</c>.</summary>
    public string MemberHeader { get; set; } = SignatureProfile.MemberHeader;

    /// <summary>The <c>tag</c> parameter. Default <c>kh-interop</c>.</summary>
    public string Tag { get; set; } = SignatureProfile.Tag;

    /// <summary>
    /// When the request already names a member in <see cref="MemberHeader"/>, keep it: a mediator (the central gateway)
    /// signs with its own key for the member whose signature it verified. Receivers accept this only from keys of the
    /// members they trust as mediators. Default: off (the header always names <see cref="MemberId"/>).
    /// </summary>
    public bool ActsForRequestMember { get; set; }

    /// <summary>The keys responses are verified with (the trust store); null: responses are not verified.</summary>
    public ISignatureKeyResolver? ResponseKeys { get; set; }

    /// <summary>Where response nonces are remembered; null: an in-memory store of the handler.</summary>
    public INonceStore? ResponseNonces { get; set; }

    /// <summary>When true, a response whose signature is refused throws <see cref="SignatureVerificationException"/>. Needs <see cref="ResponseKeys"/>.</summary>
    public bool RequireSignedResponse { get; set; }

    /// <summary>The clock for <c>created</c> / <c>expires</c> and response checks. Default the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
