namespace Interop.Conformance.Deployment;

/// <summary>The deployment requirements (a running gateway, a member's test key), in report order.</summary>
public static class DeploymentRequirements
{
    /// <summary>A request signed with the member's key is accepted.</summary>
    public static readonly Requirement SignedAccepted = new("DEP-SIG-01", "A request signed with the member's key is accepted (not refused for its signature).");

    /// <summary>An unsigned request is refused.</summary>
    public static readonly Requirement UnsignedRefused = new("DEP-SIG-02", "An unsigned request is refused in the route's legacy format as signature-missing (H-SPIS E401, HTTP 401).");

    /// <summary>A body changed after signing is refused.</summary>
    public static readonly Requirement BodyTamperedRefused = new("DEP-SIG-03", "A request whose body was changed after signing is refused as digest-mismatch (H-SPIS E406, HTTP 400).");

    /// <summary>A covered header changed after signing is refused.</summary>
    public static readonly Requirement HeaderTamperedRefused = new("DEP-SIG-04", "A request whose covered header (X-Member-Id) was changed after signing is refused as signature-invalid (H-SPIS E402, HTTP 401).");

    /// <summary>An expired signature is refused.</summary>
    public static readonly Requirement ExpiredRefused = new("DEP-SIG-05", "A request signed with a clock 10 minutes back is refused as signature-expired (H-SPIS E404, HTTP 401).");

    /// <summary>A replayed request is refused.</summary>
    public static readonly Requirement ReplayRefused = new("DEP-SIG-06", "The exact same signed request sent twice is refused the second time as replayed (H-SPIS E405, HTTP 401).");

    /// <summary>An oversized body is refused.</summary>
    public static readonly Requirement OversizeRefused = new("DEP-SIZE-01", "A body larger than the route accepts is refused in the legacy format as body-too-large (HTTP 413, H-SPIS E104).");

    /// <summary>Answers are signed by the gateway.</summary>
    public static readonly Requirement AnswersSigned = new("DEP-ANS-01", "Answers carry Content-Digest, Signature-Input and Signature covering @status, content-digest and \"signature\";key=\"sig1\";req, verifying with the gateway's public key.");

    /// <summary>Answers are bound to their request.</summary>
    public static readonly Requirement AnswersBound = new("DEP-ANS-02", "An answer's signature is bound to its request: checked against another signed request it does not verify.");

    /// <summary>An idempotent retry is answered once.</summary>
    public static readonly Requirement IdempotentRetry = new("DEP-IDEM-01", "The same message (same H-SPIS MessageId) sent twice, signed afresh, gets the same answer, the second with X-Replay-Of naming the first transaction.");

    /// <summary>Every deployment requirement, in report order.</summary>
    public static IReadOnlyList<Requirement> All { get; } =
    [
        SignedAccepted, UnsignedRefused, BodyTamperedRefused, HeaderTamperedRefused, ExpiredRefused, ReplayRefused,
        OversizeRefused, AnswersSigned, AnswersBound, IdempotentRetry,
    ];

    /// <summary>The requirement with an id.</summary>
    /// <param name="id">The requirement id.</param>
    /// <returns>The requirement.</returns>
    public static Requirement Get(string id) =>
        All.FirstOrDefault(r => r.Id == id) ?? throw new ArgumentException($"No deployment requirement has the id '{id}'.", nameof(id));
}
