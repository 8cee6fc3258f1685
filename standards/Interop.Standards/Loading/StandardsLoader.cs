using System.Text.Json;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;
using Hl7.FhirPath;
using Interop.Contracts.Standards;
using Interop.Standards.Identifiers;
using Interop.Standards.Policies;
using Interop.Standards.Tariffs;
using Interop.Standards.Terminology;
using Interop.Standards.Validation;

namespace Interop.Standards.Loading;

/// <summary>
/// Reads <c>standards/</c> and checks that it holds together: every FHIR file parses strictly as R4 and sits
/// at the url its file name promises; value sets include codes their code systems have; concept maps map codes that
/// exist on both sides; profiles name elements that exist, bind to value sets that exist and carry invariants that
/// compile; policies allow elements that exist; the tariff prices codes that exist. Problems are collected, never
/// thrown one at a time, so one run shows everything to fix.
/// </summary>
internal sealed class StandardsLoader(StandardsOptions options)
{
    private static readonly HashSet<string> ArtifactTypes =
        ["NamingSystem", "CodeSystem", "ValueSet", "ConceptMap", "StructureDefinition"];

    private readonly List<StandardsProblem> _problems = [];
    private readonly List<LoadedArtifact> _artifacts = [];

    // Urls of artifacts that are present but broken: their own problem is reported once, and references to them
    // are not reported again as "missing".
    private readonly HashSet<string> _broken = new(StringComparer.Ordinal);
    private readonly string _root = Path.GetFullPath(options.Root);

    public StandardsCatalog Load()
    {
        var fhirFolder = Path.Combine(_root, "fhir");
        if (!Directory.Exists(fhirFolder))
        {
            throw new StandardsLoadException([new StandardsProblem(fhirFolder, "The standards folder has no fhir/ folder (set Standards:Root to the repository's standards/ folder).")]);
        }

        foreach (var file in Directory.EnumerateFiles(fhirFolder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            ReadArtifact(file);
        }

        CheckUniqueUrls();
        var codeSystems = IndexCodeSystems();
        var valueSets = ExpandValueSets(codeSystems);
        var conceptMaps = IndexConceptMaps(codeSystems, valueSets);
        var terminology = new TerminologyService(codeSystems, valueSets, conceptMaps);
        var identifiers = IndexNamingSystems();
        var (profiles, extensions) = CompileProfiles(terminology);
        var policies = LoadPolicies(extensions);
        var tariff = LoadTariff(codeSystems);

        if (_problems.Count > 0)
        {
            throw new StandardsLoadException(_problems);
        }

        var validator = new ProfileValidator(profiles, extensions, identifiers);
        return new StandardsCatalog(_root, _artifacts, terminology, identifiers, tariff!, validator, new SharingPolicyEngine(policies));
    }

    private string Relative(string file) => Path.GetRelativePath(_root, file).Replace('\\', '/');

    private void Problem(string file, string reason) => _problems.Add(new StandardsProblem(file, reason));

    private void ReadArtifact(string path)
    {
        var file = Relative(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            Problem(file, $"cannot be read: {ex.Message}");
            return;
        }

        if (!FhirJsonReader.TryParse(json, out var resource, out var errors))
        {
            MarkBroken(Path.GetFileNameWithoutExtension(path));
            foreach (var error in errors)
            {
                Problem(file, $"is not valid FHIR R4 JSON at {error.Path}: {error.Message}");
            }

            return;
        }

        var type = resource!.TypeName;
        if (!ArtifactTypes.Contains(type))
        {
            Problem(file, $"is a {type}; the standards hold only {string.Join(", ", ArtifactTypes)}.");
            return;
        }

        var expectedName = $"{type}-{resource.Id}.json";
        if (Path.GetFileName(path) != expectedName)
        {
            Problem(file, $"must be named {expectedName} (resource type and id).");
        }

        string? url;
        if (resource is NamingSystem naming)
        {
            url = naming.UniqueId.FirstOrDefault(u => u.Preferred == true)?.Value ?? naming.UniqueId.FirstOrDefault()?.Value;
            if (url is null)
            {
                Problem(file, "NamingSystem has no uniqueId.");
                return;
            }
        }
        else
        {
            url = (resource as IVersionableConformanceResource)?.Url;
            var expected = CanonicalUrls.For(type, resource.Id ?? "");
            if (url != expected)
            {
                Problem(file, $"url '{url}' must be '{expected}' (canonical base, type and id).");
                return;
            }
        }

        foreach (var error in resource.Validate(NarrativeValidationKind.None, null))
        {
            Problem(file, $"breaks the FHIR R4 model at {error.InstancePath}: {error.BaseErrorMessage}");
        }

        _artifacts.Add(new LoadedArtifact(file, url, resource));
    }

    private void MarkBroken(string fileName)
    {
        var dash = fileName.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            var type = fileName[..dash];
            var id = fileName[(dash + 1)..];
            _broken.Add(type == "NamingSystem" ? CanonicalUrls.IdentifierSystem(id) : CanonicalUrls.For(type, id));
        }
    }

    private bool IsMissing(string? url) => CanonicalUrls.IsOurs(url) && !_broken.Contains(url!);

    private void CheckUniqueUrls()
    {
        foreach (var group in _artifacts.GroupBy(a => a.Url).Where(g => g.Count() > 1))
        {
            foreach (var duplicate in group.Skip(1))
            {
                Problem(duplicate.File, $"url '{group.Key}' is also used by {group.First().File}.");
            }
        }
    }

    private IEnumerable<(T Resource, string File)> All<T>()
        where T : Resource =>
        _artifacts.Where(a => a.Resource is T).Select(a => ((T)a.Resource, a.File));

    private Dictionary<string, CodeSystemEntry> IndexCodeSystems()
    {
        var index = new Dictionary<string, CodeSystemEntry>(StringComparer.Ordinal);
        foreach (var (cs, file) in All<CodeSystem>())
        {
            var entry = new CodeSystemEntry(cs);
            index.TryAdd(entry.Url, entry);
            foreach (var duplicate in entry.DuplicateCodes)
            {
                Problem(file, $"code '{duplicate}' is defined twice.");
            }

            if (cs.Count is { } count && cs.Content == CodeSystemContentMode.Complete && count != entry.Concepts.Count)
            {
                Problem(file, $"count is {count} but the CodeSystem defines {entry.Concepts.Count} codes.");
            }

            var declared = cs.Property.Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
            foreach (var concept in entry.Concepts.Values)
            {
                foreach (var property in concept.Property.Where(p => !declared.Contains(p.Code)))
                {
                    Problem(file, $"code '{concept.Code}' uses property '{property.Code}', which CodeSystem.property does not declare.");
                }
            }
        }

        return index;
    }

    private Dictionary<string, ValueSetEntry> ExpandValueSets(Dictionary<string, CodeSystemEntry> codeSystems)
    {
        var index = new Dictionary<string, ValueSetEntry>(StringComparer.Ordinal);
        var pending = All<ValueSet>().ToList();

        // ValueSets may include other ValueSets: expand in passes until nothing more resolves.
        while (pending.Count > 0)
        {
            var progressed = false;
            foreach (var (vs, file) in pending.ToList())
            {
                var includes = vs.Compose?.Include ?? [];
                var needed = includes.SelectMany(i => i.ValueSet).Select(v => CanonicalUrls.WithoutVersion(v ?? "")).ToList();
                if (needed.Any(n => !index.ContainsKey(n) && pending.Any(p => p.Resource.Url == n)))
                {
                    continue;
                }

                index[vs.Url ?? ""] = Expand(vs, file, codeSystems, index);
                pending.RemoveAll(p => ReferenceEquals(p.Resource, vs));
                progressed = true;
            }

            if (!progressed)
            {
                foreach (var (_, file) in pending)
                {
                    Problem(file, "includes ValueSets in a cycle.");
                }

                break;
            }
        }

        return index;
    }

    private ValueSetEntry Expand(ValueSet vs, string file, Dictionary<string, CodeSystemEntry> codeSystems, Dictionary<string, ValueSetEntry> expanded)
    {
        var entry = new ValueSetEntry(vs.Url ?? "");
        if (vs.Compose is null || vs.Compose.Include.Count == 0)
        {
            Problem(file, "has no compose.include: a ValueSet of the standards says what it holds.");
            return entry;
        }

        if (vs.Compose.Exclude.Count > 0)
        {
            Problem(file, "uses compose.exclude, which the standards' loader does not expand; enumerate the codes instead.");
        }

        foreach (var include in vs.Compose.Include)
        {
            foreach (var other in include.ValueSet)
            {
                if (expanded.TryGetValue(CanonicalUrls.WithoutVersion(other ?? ""), out var included))
                {
                    entry.AddFrom(included);
                }
                else
                {
                    Problem(file, $"includes ValueSet '{other}', which is not in the standards.");
                }
            }

            if (include.System is not { } system)
            {
                continue;
            }

            if (include.Filter.Count > 0)
            {
                Problem(file, $"filters {system}; the standards' loader expands whole systems and enumerated codes only.");
            }

            codeSystems.TryGetValue(system, out var cs);
            if (cs is null && _broken.Contains(system))
            {
                entry.AddAll(system);
                continue;
            }

            if (cs is null && IsMissing(system))
            {
                Problem(file, $"includes CodeSystem '{system}', which is not in the standards.");
                continue;
            }

            if (include.Concept.Count == 0)
            {
                if (cs is not null && cs.IsEnumerated)
                {
                    foreach (var code in cs.Concepts.Keys)
                    {
                        entry.Add(system, code);
                    }
                }
                else
                {
                    entry.AddAll(system);
                }

                continue;
            }

            foreach (var concept in include.Concept.Where(c => c.Code is not null))
            {
                if (cs is not null && !cs.Contains(concept.Code!))
                {
                    Problem(file, $"includes code '{concept.Code}', which is not in CodeSystem '{system}'.");
                    continue;
                }

                entry.Add(system, concept.Code!);
            }
        }

        return entry;
    }

    private List<ConceptMapEntry> IndexConceptMaps(Dictionary<string, CodeSystemEntry> codeSystems, Dictionary<string, ValueSetEntry> valueSets)
    {
        var maps = new List<ConceptMapEntry>();
        foreach (var (map, file) in All<ConceptMap>())
        {
            foreach (var (label, scope) in new[] { ("source", map.Source), ("target", map.Target) })
            {
                var scopeUrl = scope switch { Hl7.Fhir.Model.Canonical c => c.Value, FhirUri u => u.Value, _ => null };
                if (scopeUrl is not null && IsMissing(CanonicalUrls.WithoutVersion(scopeUrl)) && !valueSets.ContainsKey(CanonicalUrls.WithoutVersion(scopeUrl)))
                {
                    Problem(file, $"{label} ValueSet '{scopeUrl}' is not in the standards.");
                }
            }

            var entry = new ConceptMapEntry(map.Url ?? "", map.Id ?? "");
            foreach (var group in map.Group)
            {
                codeSystems.TryGetValue(group.Source ?? "", out var source);
                codeSystems.TryGetValue(group.Target ?? "", out var target);
                if (source is null && IsMissing(group.Source))
                {
                    Problem(file, $"group source CodeSystem '{group.Source}' is not in the standards.");
                }

                if (target is null && IsMissing(group.Target))
                {
                    Problem(file, $"group target CodeSystem '{group.Target}' is not in the standards.");
                }

                var targetValueSet = map.Target is Hl7.Fhir.Model.Canonical t && t.Value is not null && valueSets.TryGetValue(CanonicalUrls.WithoutVersion(t.Value), out var tvs) ? tvs : null;
                foreach (var element in group.Element.Where(e => e.Code is not null))
                {
                    if (source is not null && !source.Contains(element.Code!))
                    {
                        Problem(file, $"source code '{element.Code}' is not in CodeSystem '{group.Source}'.");
                    }

                    var mapped = element.Target.FirstOrDefault(x => x.Code is not null && x.Equivalence is not ConceptMapEquivalence.Unmatched and not ConceptMapEquivalence.Disjoint);
                    foreach (var to in element.Target.Where(x => x.Code is not null))
                    {
                        var known = target is not null ? target.Contains(to.Code!) : targetValueSet?.Contains(group.Target, to.Code!) ?? true;
                        if (!known)
                        {
                            Problem(file, $"target code '{to.Code}' (for '{element.Code}') is not in '{group.Target}'.");
                        }
                    }

                    var comment = element.Target.Select(x => x.Comment).FirstOrDefault(c => c is not null);
                    entry.BySourceCode[element.Code!] = mapped is null
                        ? new ConceptTranslation(false, null, null, null, "unmatched", comment ?? $"'{element.Code}' has no target in {map.Id}.")
                        : new ConceptTranslation(true, group.Target, mapped.Code, mapped.Display ?? (target is not null && target.Concepts.TryGetValue(mapped.Code!, out var targetConcept) ? targetConcept.Display : null), mapped.Equivalence?.ToString().ToLowerInvariant(), mapped.Comment);
                }

                if (source is not null && source.IsEnumerated)
                {
                    foreach (var missing in source.Concepts.Keys.Where(c => !group.Element.Any(e => e.Code == c)))
                    {
                        Problem(file, $"source code '{missing}' of '{group.Source}' is not mapped (map it, or give it an 'unmatched' target).");
                    }
                }
            }

            maps.Add(entry);
        }

        return maps;
    }

    private IdentifierSystemRegistry IndexNamingSystems()
    {
        var rules = new Dictionary<string, IdentifierSystemRule>(StringComparer.Ordinal);
        foreach (var (ns, file) in All<NamingSystem>())
        {
            Regex? pattern = null;
            if (ns.GetStringExtension(IdentifierSystemRegistry.PatternExtension) is { } text)
            {
                try
                {
                    pattern = new Regex(text, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(100));
                }
                catch (ArgumentException ex)
                {
                    Problem(file, $"identifier-pattern '{text}' is not a regular expression: {ex.Message}");
                }
            }

            var checkDigit = CheckDigitAlgorithm.None;
            if (ns.GetExtensionValue<Code>(IdentifierSystemRegistry.CheckDigitExtension) is { } algorithm)
            {
                if (algorithm.Value == "verhoeff")
                {
                    checkDigit = CheckDigitAlgorithm.Verhoeff;
                }
                else
                {
                    Problem(file, $"identifier-check-digit '{algorithm.Value}' is not an algorithm the gateway knows (verhoeff).");
                }
            }

            foreach (var uniqueId in ns.UniqueId.Where(u => u.Type == NamingSystem.NamingSystemIdentifierType.Uri && u.Value is not null))
            {
                rules[uniqueId.Value!] = new IdentifierSystemRule(ns.Id ?? uniqueId.Value!, uniqueId.Value!, pattern, checkDigit);
            }
        }

        return new IdentifierSystemRegistry(rules);
    }

    private (Dictionary<string, CompiledProfile> Profiles, Dictionary<string, CompiledProfile> Extensions) CompileProfiles(TerminologyService terminology)
    {
        var compiler = new ProfileCompiler(FhirPathFunctions.CreateCompiler(), terminology.FindValueSet);
        var profiles = new Dictionary<string, CompiledProfile>(StringComparer.Ordinal);
        var extensions = new Dictionary<string, CompiledProfile>(StringComparer.Ordinal);
        var pending = All<StructureDefinition>().ToList();

        // Profiles may derive from profiles of ours: compile bases first.
        while (pending.Count > 0)
        {
            var progressed = false;
            foreach (var (sd, file) in pending.ToList())
            {
                var baseUrl = CanonicalUrls.WithoutVersion(sd.BaseDefinition ?? "");
                if (CanonicalUrls.IsOurs(baseUrl) && !profiles.ContainsKey(baseUrl) && pending.Any(p => p.Resource.Url == baseUrl))
                {
                    continue;
                }

                var compiled = compiler.Compile(sd, file, url => profiles.GetValueOrDefault(url), _broken, _problems);
                if (compiled is null)
                {
                    _broken.Add(sd.Url ?? "");
                }
                else
                {
                    (compiled.Type == "Extension" ? extensions : profiles)[compiled.Url] = compiled;
                }

                pending.RemoveAll(p => ReferenceEquals(p.Resource, sd));
                progressed = true;
            }

            if (!progressed)
            {
                foreach (var (_, file) in pending)
                {
                    Problem(file, "derives from profiles in a cycle.");
                }

                break;
            }
        }

        return (profiles, extensions);
    }

    private List<SharingPolicy> LoadPolicies(Dictionary<string, CompiledProfile> extensions)
    {
        var policies = new List<SharingPolicy>();
        var folder = Path.Combine(_root, "policies");
        if (!Directory.Exists(folder))
        {
            return policies;
        }

        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var file = Relative(path);
            SharingPolicyDocument? doc;
            try
            {
                doc = JsonSerializer.Deserialize<SharingPolicyDocument>(File.ReadAllText(path), StrictJson);
            }
            catch (JsonException ex)
            {
                Problem(file, $"is not a sharing policy: {ex.Message}");
                continue;
            }

            if (doc is null || string.IsNullOrEmpty(doc.Id) || string.IsNullOrEmpty(doc.Sender) || string.IsNullOrEmpty(doc.Receiver)
                || doc.Interactions is not { Count: > 0 } || doc.Allow is null)
            {
                Problem(file, "a sharing policy needs id, sender, receiver, interactions (at least one) and allow.");
                continue;
            }

            if (Path.GetFileNameWithoutExtension(path) != doc.Id)
            {
                Problem(file, $"must be named {doc.Id}.json (its id).");
            }

            foreach (var member in new[] { doc.Sender, doc.Receiver }.Where(m => m != "*"))
            {
                if (!Contracts.Adapters.MemberId.TryParse(member, out _))
                {
                    Problem(file, $"'{member}' is not a member id such as KH/GOV/NSSF/HSPIS (or * for any sender).");
                }
            }

            var resources = new Dictionary<string, AllowTree>(StringComparer.Ordinal);
            foreach (var allowed in doc.Allow)
            {
                var segments = AllowTree.Split(allowed);
                var type = segments[0];
                var names = segments.Skip(1).Select(s => s.Split('(')[0]).ToList();
                if (!ElementModel.Inspector.IsKnownResource(type))
                {
                    Problem(file, $"allows '{allowed}', which does not exist: '{type}' is not a resource type.");
                    continue;
                }

                if (!ElementModel.TryResolve(type, names, out var error))
                {
                    Problem(file, $"allows '{allowed}', which does not exist: {error}.");
                    continue;
                }

                foreach (var segment in segments.Skip(1).Where(s => s.Contains('(', StringComparison.Ordinal)))
                {
                    var url = segment[(segment.IndexOf('\'', StringComparison.Ordinal) + 1)..segment.LastIndexOf('\'')];
                    if (CanonicalUrls.IsOurs(url) && !extensions.ContainsKey(url))
                    {
                        Problem(file, $"allows extension '{url}', which no StructureDefinition of the standards defines.");
                    }
                }

                var tree = resources.TryGetValue(type, out var t) ? t : resources[type] = new AllowTree();
                if (AllowTree.Add(tree, segments.Skip(1).ToList()) is { } shapeError)
                {
                    Problem(file, $"allows '{allowed}': {shapeError}.");
                }
            }

            var policy = new SharingPolicy(doc.Id, doc.Sender, doc.Receiver, doc.Interactions.ToHashSet(StringComparer.Ordinal), resources);
            var clash = policies.FirstOrDefault(p => p.Sender == policy.Sender && p.Receiver == policy.Receiver && p.Interactions.Overlaps(policy.Interactions));
            if (clash is not null)
            {
                Problem(file, $"covers the same sender, receiver and interaction as policy '{clash.Id}'.");
            }

            policies.Add(policy);
        }

        return policies;
    }

    private Tariff? LoadTariff(Dictionary<string, CodeSystemEntry> codeSystems)
    {
        var path = Path.Combine(_root, options.TariffFile);
        var file = Relative(path);
        TariffDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize<TariffDocument>(File.ReadAllText(path), StrictJson);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            Problem(file, $"the tariff cannot be read: {ex.Message}");
            return null;
        }

        if (doc is null || string.IsNullOrEmpty(doc.Id) || doc.FoodAllowancePerDay is null || doc.Currency is null)
        {
            Problem(file, "a tariff needs id, currency and foodAllowancePerDay.");
            return null;
        }

        void CheckCodes(IEnumerable<string> codes, string system, string what)
        {
            var url = CanonicalUrls.For("CodeSystem", system);
            if (!codeSystems.TryGetValue(url, out var cs))
            {
                Problem(file, $"prices {what}, but CodeSystem '{url}' is not in the standards.");
                return;
            }

            foreach (var code in codes.Where(c => !cs.Contains(c)))
            {
                Problem(file, $"{what} '{code}' is not a code of CodeSystem '{system}'.");
            }
        }

        CheckCodes((doc.CaseGroups ?? []).Select(c => c.Code), "nssf-case-group", "case group");
        CheckCodes((doc.HefServices ?? []).Select(s => s.Code), "hef-service", "HEF service");
        CheckCodes((doc.FeeItems ?? []).Select(f => f.Code), "fee-item", "fee item");
        return new Tariff(doc);
    }

    private static readonly JsonSerializerOptions StrictJson = new()
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = false,
    };
}
