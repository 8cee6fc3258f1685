using Interop.Contracts.Adapters;

namespace Interop.Gateway.Passthrough;

/// <summary>
/// Who sends a passthrough request. This is the seam where the signature verification binds the sender to the
/// verified signature (the member of the key that signed); until then <see cref="MemberHeaderSender"/> reads it from
/// the <c>X-Member-Id</c> header. Replace the registration to change it.
/// </summary>
internal interface IPassthroughSender
{
    /// <summary>The sending member, or why there is none.</summary>
    /// <param name="request">The request as received.</param>
    /// <returns>The member id (<c>KH/GOV/NSSF/HSPIS</c>), or <see langword="null"/> and a reason to refuse.</returns>
    (string? Member, string? Problem) ResolveSender(HttpRequest request);
}

/// <summary>Today's sender: the member named in <c>X-Member-Id</c>, which must be a member id.</summary>
internal sealed class MemberHeaderSender : IPassthroughSender
{
    public const string Header = "X-Member-Id";

    public (string? Member, string? Problem) ResolveSender(HttpRequest request)
    {
        var member = request.Headers[Header].ToString();
        return member.Length == 0 || !MemberId.TryParse(member, out _)
            ? (null, $"Name the sending member in {Header} (KH/GOV/<member>/<subsystem>).")
            : (member, null);
    }
}
