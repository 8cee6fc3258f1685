namespace Interop.Contracts.Adapters;

/// <summary>
/// The registered adapters, checked together when first resolved: every manifest valid,
/// adapter ids unique, and no two adapters claiming the same method and path.
/// The gateway resolves it at start-up so a bad registration stops the process before it serves anything.
/// </summary>
public sealed class AdapterCatalog
{
    private readonly Dictionary<string, ILegacyAdapter> _byId;

    /// <summary>Builds the catalog and checks it.</summary>
    /// <param name="adapters">The registered adapters.</param>
    /// <exception cref="InvalidOperationException">A manifest is invalid, or two adapters collide; the message lists every problem.</exception>
    public AdapterCatalog(IEnumerable<ILegacyAdapter> adapters)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        Adapters = adapters.ToList();
        var problems = new List<string>();
        _byId = new Dictionary<string, ILegacyAdapter>(StringComparer.Ordinal);
        var routes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var adapter in Adapters)
        {
            var manifest = adapter.Manifest;
            problems.AddRange(manifest.Validate().Select(p => $"Adapter '{manifest.Id}' ({adapter.GetType().Name}): {p}"));
            if (!_byId.TryAdd(manifest.Id, adapter))
            {
                problems.Add($"Adapter id '{manifest.Id}' is registered twice ({adapter.GetType().Name}).");
                continue;
            }

            foreach (var route in manifest.Routes ?? [])
            {
                var key = $"{route.Method} {route.PathTemplate}";
                if (routes.TryGetValue(key, out var owner) && owner != manifest.Id)
                {
                    problems.Add($"Route {key} is claimed by adapters '{owner}' and '{manifest.Id}'.");
                }

                routes.TryAdd(key, manifest.Id);
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The adapter registration is invalid:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems));
        }
    }

    /// <summary>The adapters, in registration order.</summary>
    public IReadOnlyList<ILegacyAdapter> Adapters { get; }

    /// <summary>Finds an adapter by its manifest id.</summary>
    /// <param name="id">The adapter id.</param>
    /// <param name="adapter">The adapter, when registered.</param>
    /// <returns>Whether it is registered.</returns>
    public bool TryGet(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ILegacyAdapter? adapter) =>
        _byId.TryGetValue(id, out adapter);
}
