namespace Interop.Standards.Terminology;

/// <summary>
/// A ValueSet, expanded at load time into the codes it holds per system. A system included whole whose codes we do not
/// hold (an external CodeSystem, or one with content <c>not-present</c>) is open: any code of it is accepted.
/// </summary>
internal sealed class ValueSetEntry(string url)
{
    public string Url { get; } = url;

    /// <summary>system → codes; a <see langword="null"/> set means every code of that system.</summary>
    public Dictionary<string, HashSet<string>?> Systems { get; } = new(StringComparer.Ordinal);

    public bool Contains(string? system, string code)
    {
        if (system is null)
        {
            return Systems.Values.Any(codes => codes is null || codes.Contains(code));
        }

        return Systems.TryGetValue(system, out var set) && (set is null || set.Contains(code));
    }

    public void AddAll(string system) => Systems[system] = null;

    public void Add(string system, string code)
    {
        if (Systems.TryGetValue(system, out var set))
        {
            set?.Add(code);
            return;
        }

        Systems[system] = new HashSet<string>(StringComparer.Ordinal) { code };
    }

    public void AddFrom(ValueSetEntry other)
    {
        foreach (var (system, codes) in other.Systems)
        {
            if (codes is null)
            {
                AddAll(system);
                continue;
            }

            foreach (var code in codes)
            {
                Add(system, code);
            }
        }
    }
}
