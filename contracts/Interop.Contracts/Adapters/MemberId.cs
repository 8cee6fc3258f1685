namespace Interop.Contracts.Adapters;

/// <summary>
/// A member identifier in the X-Road style <c>KH/GOV/&lt;member&gt;/&lt;subsystem&gt;</c>
/// (for example <c>KH/GOV/NSSF/HSPIS</c>, <c>KH/GOV/NSPC/REGISTRY</c>).
/// </summary>
/// <param name="Instance">The X-Road instance, <c>KH</c>.</param>
/// <param name="MemberClass">The member class, for example <c>GOV</c>.</param>
/// <param name="MemberCode">The member, for example <c>NSSF</c>.</param>
/// <param name="Subsystem">The subsystem, for example <c>HSPIS</c>.</param>
public sealed record MemberId(string Instance, string MemberClass, string MemberCode, string Subsystem)
{
    /// <summary>Parses <c>KH/GOV/NSSF/HSPIS</c>; each part is 1-64 letters, digits, <c>-</c>, <c>_</c> or <c>.</c>.</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="memberId">The parsed id, when the text is one.</param>
    /// <returns>Whether <paramref name="value"/> is a member id.</returns>
    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MemberId? memberId)
    {
        memberId = null;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var parts = value.Split('/');
        if (parts.Length != 4 || !parts.All(IsPart))
        {
            return false;
        }

        memberId = new MemberId(parts[0], parts[1], parts[2], parts[3]);
        return true;
    }

    /// <summary>The canonical text form, <c>KH/GOV/NSSF/HSPIS</c>.</summary>
    /// <returns>The member id as text.</returns>
    public override string ToString() => $"{Instance}/{MemberClass}/{MemberCode}/{Subsystem}";

    private static bool IsPart(string part) =>
        part.Length is > 0 and <= 64
        && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
