namespace Interop.Contracts.Adapters;

/// <summary>
/// What an adapter declares about itself: who it is, which operator system it speaks for,
/// and the legacy routes it serves. The gateway builds its routes from the manifests of the
/// registered adapters, so a manifest is the whole public face of an adapter.
/// </summary>
public sealed record AdapterManifest
{
    /// <summary>Stable adapter id, lower-kebab-case (for example <c>pmrs</c>, <c>hspis</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The adapter's version (semantic versioning, <c>1.2.0</c>), recorded with every transaction it maps.</summary>
    public required string Version { get; init; }

    /// <summary>
    /// The member identifier, X-Road style, of the legacy system this adapter speaks for
    /// (for example <c>KH/GOV/NSSF/HSPIS</c>, or <c>KH/GOV/MOH/PMRS</c> for all PMRS facilities).
    /// </summary>
    public required string OperatorSystem { get; init; }

    /// <summary>A human-readable name for logs, the admin API and conformance reports.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The legacy routes the adapter serves. At least one.</summary>
    public required IReadOnlyList<LegacyRoute> Routes { get; init; }

    /// <summary>
    /// Checks the manifest for mistakes the gateway refuses at start-up: a missing id, a version
    /// that is not semantic, no routes, a route without a path, or two routes on the same method and path.
    /// </summary>
    /// <returns>One message per problem; empty when the manifest is usable.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Id) || !IsKebabCase(Id))
        {
            problems.Add($"Id '{Id}' must be lower-kebab-case (letters, digits and dashes).");
        }

        if (!IsSemanticVersion(Version))
        {
            problems.Add($"Version '{Version}' must be a semantic version such as 1.0.0.");
        }

        if (!MemberId.TryParse(OperatorSystem, out _))
        {
            problems.Add($"OperatorSystem '{OperatorSystem}' must be a member id such as KH/GOV/NSSF/HSPIS.");
        }

        if (Routes is null || Routes.Count == 0)
        {
            problems.Add("Routes must list at least one legacy route.");
            return problems;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Routes.Count; i++)
        {
            var route = Routes[i];
            foreach (var problem in route.Validate())
            {
                problems.Add($"Routes[{i}] ({route.Operation}): {problem}");
            }

            if (!seen.Add($"{route.Method} {route.PathTemplate}"))
            {
                problems.Add($"Routes[{i}] ({route.Operation}): {route.Method} {route.PathTemplate} is declared twice.");
            }
        }

        return problems;
    }

    private static bool IsKebabCase(string value) =>
        value.Length > 0 && value[0] is >= 'a' and <= 'z'
        && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    private static bool IsSemanticVersion(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var core = value.Split('-', 2)[0].Split('+', 2)[0].Split('.');
        return core.Length == 3 && core.All(p => p.Length > 0 && p.All(char.IsAsciiDigit));
    }
}
