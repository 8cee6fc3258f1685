namespace Interop.Standards;

/// <summary>The canonical base of every artifact in <c>standards/</c>, and the urls derived from it.</summary>
public static class CanonicalUrls
{
    /// <summary>The canonical base url.</summary>
    public const string Base = "https://fhir.nspc.gov.kh";

    /// <summary>The base of identifier system uris (NamingSystem unique ids).</summary>
    public const string IdentifierBase = Base + "/sid/";

    /// <summary>The url of the CodeSystem that names validation rules in OperationOutcome issues.</summary>
    public const string ValidationIssueSystem = Base + "/CodeSystem/validation-issue";

    /// <summary>The canonical url of an artifact of ours.</summary>
    /// <param name="resourceType">The resource type (<c>CodeSystem</c>).</param>
    /// <param name="id">The artifact id.</param>
    /// <returns>The url.</returns>
    public static string For(string resourceType, string id) => $"{Base}/{resourceType}/{id}";

    /// <summary>The uri of an identifier system of ours (<c>khmer-national-id</c>).</summary>
    /// <param name="id">The NamingSystem id.</param>
    /// <returns>The uri.</returns>
    public static string IdentifierSystem(string id) => IdentifierBase + id;

    /// <summary>Whether a url is under our canonical base.</summary>
    /// <param name="url">The url.</param>
    /// <returns><see langword="true"/> when it is one of ours.</returns>
    public static bool IsOurs(string? url) => url is not null && url.StartsWith(Base + "/", StringComparison.Ordinal);

    /// <summary>Strips a <c>|version</c> suffix from a canonical reference.</summary>
    /// <param name="canonical">The canonical, possibly versioned.</param>
    /// <returns>The url without version.</returns>
    public static string WithoutVersion(string canonical)
    {
        var bar = canonical.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? canonical : canonical[..bar];
    }
}
