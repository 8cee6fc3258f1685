using Interop.Signatures.Components;
using Interop.Signatures.Digests;
using Interop.Signatures.Messages;
using Interop.Signatures.Verification;

namespace Interop.Signatures.Http;

/// <summary>The gateway's signature profile (<c>standards/signing.md</c>): label, tag, member header and covered components.</summary>
public static class SignatureProfile
{
    /// <summary>The signature label, on requests and responses: <c>sig1</c>.</summary>
    public const string Label = "sig1";

    /// <summary>The <c>tag</c> naming this profile: <c>kh-interop</c>.</summary>
    public const string Tag = "kh-interop";

    /// <summary>The header naming the sending member: <c>X-Member-Id</c>.</summary>
    public const string MemberHeader = "X-Member-Id";

    /// <summary>Request components: <c>@method @path @query content-type content-digest x-member-id</c>.</summary>
    public static IReadOnlyList<ComponentIdentifier> RequestComponents => VerificationPolicy.GatewayRequestComponents;

    /// <summary>Response components: <c>@status content-type content-digest "signature";key="sig1";req</c>.</summary>
    public static IReadOnlyList<ComponentIdentifier> ResponseComponents { get; } =
    [
        ComponentIdentifier.Status,
        ComponentIdentifier.Field("content-type"),
        ComponentIdentifier.Field(ContentDigest.FieldName),
        RequestSignature,
    ];

    /// <summary>The policy a request must meet.</summary>
    public static VerificationPolicy RequestPolicy { get; } = new()
    {
        RequiredComponents = RequestComponents,
        RequiredTag = Tag,
    };

    /// <summary>The policy a response must meet (content-type is covered whenever the response has one).</summary>
    public static VerificationPolicy ResponsePolicy { get; } = new()
    {
        RequiredComponents = [ComponentIdentifier.Status, ComponentIdentifier.Field(ContentDigest.FieldName), RequestSignature],
        RequiredTag = Tag,
        Label = Label,
    };

    private static ComponentIdentifier RequestSignature => ComponentIdentifier.Field("signature").WithKey(Label).FromRequest();

    /// <summary>The components to cover in a message: the profile's, less <c>content-type</c> when the message has none (a body-less request, a 204).</summary>
    internal static IReadOnlyList<ComponentIdentifier> CoveredIn(IReadOnlyList<ComponentIdentifier> components, HttpFields headers, string? memberHeader = null)
    {
        IEnumerable<ComponentIdentifier> covered = components;
        if (!headers.Contains("content-type"))
        {
            covered = covered.Where(c => c.Name != "content-type");
        }

        if (memberHeader is not null)
        {
            covered = covered.Select(c => c.Name == "x-member-id" ? ComponentIdentifier.Field(memberHeader) : c);
        }

        return [.. covered];
    }
}
