using Hl7.Fhir.Model;
using Hl7.FhirPath;
using Interop.Standards.Loading;
using Interop.Standards.Terminology;

namespace Interop.Standards.Validation;

/// <summary>
/// Compiles a StructureDefinition's differential into a rule tree: cardinality, fixed and pattern values,
/// type restrictions, bindings (resolved to loaded ValueSets), slices discriminated by value, and invariants
/// compiled once with the FhirPath engine. Everything that cannot be compiled is reported as a problem with its file.
/// </summary>
internal sealed class ProfileCompiler(FhirPathCompiler fhirPath, Func<string, ValueSetEntry?> findValueSet)
{
    private const string CoreBase = "http://hl7.org/fhir/StructureDefinition/";

    public CompiledProfile? Compile(StructureDefinition sd, string file, Func<string, CompiledProfile?> findBase, IReadOnlySet<string> broken, List<StandardsProblem> problems)
    {
        var before = problems.Count;
        var type = sd.Type;
        if (string.IsNullOrEmpty(type) || ElementModel.Inspector.FindClassMapping(type) is null)
        {
            problems.Add(new(file, $"StructureDefinition.type '{type}' is not a FHIR R4 type."));
            return null;
        }

        CompiledProfile? baseProfile = null;
        var baseUrl = sd.BaseDefinition ?? "";
        if (CanonicalUrls.IsOurs(baseUrl))
        {
            baseProfile = findBase(CanonicalUrls.WithoutVersion(baseUrl));
            if (baseProfile is null && broken.Contains(CanonicalUrls.WithoutVersion(baseUrl)))
            {
                // The base is broken and reported on its own; this profile cannot be compiled without it.
                return null;
            }

            if (baseProfile is null)
            {
                problems.Add(new(file, $"baseDefinition '{baseUrl}' is not a StructureDefinition in the standards."));
            }
        }
        else if (baseUrl != CoreBase + type)
        {
            problems.Add(new(file, $"baseDefinition '{baseUrl}' must be '{CoreBase}{type}' or one of our profiles."));
        }

        if (sd.Derivation != StructureDefinition.TypeDerivationRule.Constraint)
        {
            problems.Add(new(file, "derivation must be 'constraint': the standards hold profiles, not new types."));
        }

        var root = new ElementRule(type, type);
        foreach (var element in sd.Differential?.Element ?? [])
        {
            var id = element.ElementId ?? element.Path;
            var where = $"differential element '{id}'";
            if (id is null || (id != type && !id.StartsWith(type + ".", StringComparison.Ordinal)))
            {
                problems.Add(new(file, $"{where} must start with '{type}'."));
                continue;
            }

            var segments = id.Split('.');
            var names = segments.Skip(1).Select(s => s.Split(':')[0]).ToList();
            if (!ElementModel.TryResolve(type, names, out var pathError))
            {
                problems.Add(new(file, $"{where} does not exist: {pathError}."));
                continue;
            }

            var rule = root;
            var ruleId = type;
            foreach (var segment in segments.Skip(1))
            {
                var parts = segment.Split(':', 2);
                var name = parts[0].EndsWith("[x]", StringComparison.Ordinal) ? parts[0][..^3] : parts[0];
                ruleId += "." + parts[0];
                rule = rule.GetOrAddChild(name, ruleId);
                if (parts.Length == 2)
                {
                    ruleId += ":" + parts[1];
                    rule = rule.GetOrAddSlice(parts[1], ruleId);
                }
            }

            Apply(element, rule, file, where, problems);
        }

        CheckSlices(root, file, problems);
        return problems.Count == before ? new CompiledProfile(sd.Url ?? "", sd.Id ?? "", type, root, baseProfile) : null;
    }

    private void Apply(ElementDefinition element, ElementRule rule, string file, string where, List<StandardsProblem> problems)
    {
        rule.Min = element.Min ?? rule.Min;
        if (element.Max is { } max)
        {
            if (max == "*")
            {
                rule.Max = null;
            }
            else if (int.TryParse(max, System.Globalization.CultureInfo.InvariantCulture, out var m) && m >= 0)
            {
                rule.Max = m;
            }
            else
            {
                problems.Add(new(file, $"{where}: max '{max}' is neither a number nor '*'."));
            }
        }

        if (rule.Min is { } min && rule.Max is { } mx && min > mx)
        {
            problems.Add(new(file, $"{where}: min {min} is greater than max {mx}."));
        }

        rule.Fixed = element.Fixed ?? rule.Fixed;
        rule.Pattern = element.Pattern ?? rule.Pattern;
        foreach (var type in element.Type)
        {
            if (type.Code is { } code && !rule.Types.Contains(code))
            {
                rule.Types.Add(code);
            }
        }

        if (element.Slicing is { } slicing)
        {
            var discriminator = slicing.Discriminator.FirstOrDefault();
            if (slicing.Discriminator.Count != 1
                || discriminator?.Type is not (ElementDefinition.DiscriminatorType.Value or ElementDefinition.DiscriminatorType.Pattern)
                || string.IsNullOrEmpty(discriminator.Path) || discriminator.Path.Contains('.', StringComparison.Ordinal))
            {
                problems.Add(new(file, $"{where}: only slicing by one value or pattern discriminator on a direct child (such as 'system' or 'url') is supported."));
            }
            else
            {
                rule.Discriminator = discriminator.Path;
            }
        }

        if (element.Binding is { } binding)
        {
            if (string.IsNullOrEmpty(binding.ValueSet))
            {
                problems.Add(new(file, $"{where}: binding has no valueSet."));
            }
            else if (findValueSet(CanonicalUrls.WithoutVersion(binding.ValueSet)) is { } entry)
            {
                rule.Binding = new BindingRule(binding.ValueSet, binding.Strength ?? BindingStrength.Example, entry);
            }
            else
            {
                problems.Add(new(file, $"{where}: binding to ValueSet '{binding.ValueSet}', which is not in the standards."));
            }
        }

        foreach (var constraint in element.Constraint)
        {
            if (string.IsNullOrEmpty(constraint.Key) || string.IsNullOrEmpty(constraint.Expression))
            {
                problems.Add(new(file, $"{where}: every constraint needs a key and an expression."));
                continue;
            }

            try
            {
                var compiled = fhirPath.Compile(constraint.Expression);
                rule.Constraints.Add(new ConstraintRule(
                    constraint.Key,
                    constraint.Severity != ConstraintSeverity.Warning,
                    constraint.Human ?? constraint.Key,
                    constraint.Expression,
                    compiled));
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or NotSupportedException)
            {
                problems.Add(new(file, $"{where}: invariant '{constraint.Key}' does not compile as FHIRPath: {ex.Message}"));
            }
        }
    }

    private static void CheckSlices(ElementRule rule, string file, List<StandardsProblem> problems)
    {
        if (rule.Slices.Count > 0)
        {
            if (rule.Discriminator is null)
            {
                problems.Add(new(file, $"differential element '{rule.Id}' has slices but no slicing discriminator."));
            }
            else
            {
                foreach (var slice in rule.Slices)
                {
                    var key = slice.Children.Find(c => c.Name == rule.Discriminator);
                    if (key?.Fixed is null && key?.Pattern is null)
                    {
                        problems.Add(new(file, $"slice '{slice.Id}' must fix a value for its discriminator '{rule.Discriminator}'."));
                    }
                }
            }
        }

        foreach (var child in rule.Children.Concat(rule.Slices))
        {
            CheckSlices(child, file, problems);
        }
    }
}
