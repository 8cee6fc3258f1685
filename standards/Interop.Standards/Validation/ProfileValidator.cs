using System.Diagnostics;
using System.Globalization;
using Hl7.Fhir.Introspection;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;
using Hl7.FhirPath;
using Interop.Contracts.Standards;
using Interop.Standards.Identifiers;

namespace Interop.Standards.Validation;

/// <summary>The validator over the compiled profiles; stateless and thread-safe after construction.</summary>
internal sealed class ProfileValidator : IFhirValidator
{
    private readonly IReadOnlyDictionary<string, CompiledProfile> _profiles;
    private readonly IReadOnlyDictionary<string, CompiledProfile> _extensions;
    private readonly IdentifierSystemRegistry _identifiers;

    public ProfileValidator(
        IReadOnlyDictionary<string, CompiledProfile> profiles,
        IReadOnlyDictionary<string, CompiledProfile> extensions,
        IdentifierSystemRegistry identifiers)
    {
        _profiles = profiles;
        _extensions = extensions;
        _identifiers = identifiers;
    }

    public ParsedResource ParseAndValidate(string json, string? profile = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return FhirJsonReader.TryParse(json, out var resource, out var issues)
            ? new ParsedResource(resource, Validate(resource!, profile))
            : new ParsedResource(null, new ValidationReport(issues, profile));
    }

    public ValidationReport Validate(Resource resource, string? profile = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var issues = new List<ValidationIssue>();
        var type = resource.TypeName;

        var context = new EvaluationContext();
        var scratch = Scratch.Take();

        // One traversal of the whole instance: the base model's checks, with a hook that checks what applies wherever
        // it appears (identifiers against their NamingSystems, extensions against their definitions). The quick pass
        // proves a clean resource clean; when it is not sure, Firely's POCO validation makes the same traversal and
        // reports the errors with their paths.
        if (!BaseModelCheck.IsClean(resource, (node, at) => CheckInstance(node, at, issues, context, scratch)))
        {
            issues.Clear();
            CheckBaseModel(resource, issues, context, scratch);
        }
        else
        {
            AssertCleanForFirely(resource, issues);
        }

        var profiles = new List<CompiledProfile>();
        if (profile is not null)
        {
            AddProfile(profile, type, profiles, issues);
        }
        else
        {
            foreach (var claimed in resource.Meta?.Profile ?? [])
            {
                if (CanonicalUrls.IsOurs(claimed))
                {
                    AddProfile(claimed!, type, profiles, issues);
                }
            }
        }

        foreach (var compiled in profiles)
        {
            for (var p = compiled; p is not null; p = p.BaseProfile)
            {
                var path = new InstancePath(type);
                CheckValue(resource, p.Root, path, issues, context, scratch, isRoot: true);
            }
        }

        Scratch.Give(scratch);
        return new ValidationReport(issues, profiles.FirstOrDefault()?.Url);
    }

    /// <summary>Firely's POCO validation of the base model, with the checks that apply wherever an identifier or extension appears.</summary>
    private void CheckBaseModel(Resource resource, List<ValidationIssue> issues, EvaluationContext context, Scratch scratch)
    {
        var hook = new InstanceChecks(this, issues, context, scratch);
        foreach (var error in resource.Validate(ModelInfo.ModelInspector, NarrativeValidationKind.None, hook, validateRecursively: true))
        {
            issues.Add(new ValidationIssue(OperationOutcome.IssueSeverity.Error, ValidationRules.Structure, error.InstancePath ?? resource.TypeName, error.BaseErrorMessage ?? error.Message));
        }
    }

    /// <summary>In debug builds (the tests), Firely's own pass must agree with the quick pass on every resource validated.</summary>
    [Conditional("DEBUG")]
    private void AssertCleanForFirely(Resource resource, List<ValidationIssue> issues)
    {
        var firely = new List<ValidationIssue>();
        CheckBaseModel(resource, firely, new EvaluationContext(), new Scratch());
        Debug.Assert(
            firely.Select(i => (i.Rule, i.Path, i.Message)).SequenceEqual(issues.Select(i => (i.Rule, i.Path, i.Message))),
            "The quick base-model pass and Firely's disagree: " + string.Join("; ", firely.Select(i => i.Path + ": " + i.Message)));
    }

    private void AddProfile(string profile, string type, List<CompiledProfile> into, List<ValidationIssue> issues)
    {
        var url = CanonicalUrls.WithoutVersion(profile);
        if (!_profiles.TryGetValue(url, out var compiled) && !_profiles.TryGetValue(CanonicalUrls.For("StructureDefinition", url), out compiled))
        {
            issues.Add(new ValidationIssue(OperationOutcome.IssueSeverity.Error, ValidationRules.UnknownProfile, type, $"Profile '{profile}' is not in the standards."));
            return;
        }

        if (compiled.Type != type)
        {
            issues.Add(new ValidationIssue(OperationOutcome.IssueSeverity.Error, ValidationRules.UnknownProfile, type, $"Profile '{compiled.Id}' constrains {compiled.Type}, not {type}."));
            return;
        }

        into.Add(compiled);
    }

    private void CheckValue(Base value, ElementRule rule, InstancePath path, List<ValidationIssue> issues, EvaluationContext context, Scratch scratch, bool isRoot = false)
    {
        if (!isRoot)
        {
            if (rule.Types.Count > 0 && !rule.Types.Contains(value.TypeName))
            {
                Add(issues, ValidationRules.Type, path, $"Type {value.TypeName} is not allowed here; allowed: {string.Join(", ", rule.Types)}.");
            }

            if (rule.Fixed is { } fixedValue && !IsFixed(value, fixedValue))
            {
                Add(issues, ValidationRules.FixedValue, path, $"Value must be exactly {Describe(fixedValue)}.");
            }

            if (rule.Pattern is { } pattern && !value.Matches(pattern))
            {
                Add(issues, ValidationRules.PatternValue, path, $"Value must match the pattern {Describe(pattern)}.");
            }

            if (rule.Binding is { } binding)
            {
                CheckBinding(value, binding, path, issues);
            }
        }

        if (rule.Constraints.Count > 0)
        {
            PocoNode? node = null;
            foreach (var constraint in rule.Constraints)
            {
                if (constraint.Shortcut is { } shortcut && shortcut(value))
                {
                    Debug.Assert(constraint.Compiled.Predicate(value.ToPocoNode(), context), $"The shortcut for {constraint.Key} says it holds, its FhirPath does not.");
                    continue;
                }

                bool holds;
                try
                {
                    node ??= value.ToPocoNode();
                    holds = constraint.Compiled.Predicate(node, context);
                }
                catch (InvalidOperationException ex)
                {
                    Add(issues, ValidationRules.Invariant, path, $"{constraint.Human} (could not be evaluated: {ex.Message})", constraint.Key);
                    continue;
                }

                if (!holds)
                {
                    issues.Add(new ValidationIssue(
                        constraint.IsError ? OperationOutcome.IssueSeverity.Error : OperationOutcome.IssueSeverity.Warning,
                        ValidationRules.Invariant, path.ToString(), constraint.Human, constraint.Key));
                }
            }
        }

        foreach (var child in rule.Children)
        {
            var values = scratch.Rent();
            ElementModel.GetChildren(value, child.Name, values, out var repeats);
            CheckCardinality(child, values.Count, path, child.Name, issues);
            for (var i = 0; i < values.Count; i++)
            {
                path.Push(child.Name, repeats ? i : -1);
                CheckValue(values[i], child, path, issues, context, scratch);
                path.Pop();
            }

            if (child.Slices.Count > 0 && child.Discriminator is { } discriminator)
            {
                foreach (var slice in child.Slices)
                {
                    var key = slice.Children.Find(c => c.Name == discriminator)!;
                    var count = 0;
                    for (var i = 0; i < values.Count; i++)
                    {
                        if (!InSlice(values[i], discriminator, key, scratch))
                        {
                            continue;
                        }

                        count++;
                        path.Push(child.Name, repeats ? i : -1);
                        CheckValue(values[i], slice, path, issues, context, scratch);
                        path.Pop();
                    }

                    CheckCardinality(slice, count, path, $"{child.Name}:{slice.SliceName}", issues);
                }
            }

            scratch.Return(values);
        }
    }

    /// <summary>Fixed values are nearly always primitives (a code, a uri): compare those directly, not through the generic deep comparer.</summary>
    private static bool IsFixed(Base value, DataType fixedValue) =>
        value is PrimitiveType primitive && fixedValue is PrimitiveType expected
            ? primitive.Extension.Count == 0 && Equals(primitive.JsonValue, expected.JsonValue)
            : value.IsExactly(fixedValue);

    private static bool InSlice(Base value, string discriminator, ElementRule key, Scratch scratch)
    {
        var values = scratch.Rent();
        ElementModel.GetChildren(value, discriminator, values, out _);
        var match = values.Any(v => key.Fixed is { } f ? IsFixed(v, f) : v.Matches(key.Pattern!));
        scratch.Return(values);
        return match;
    }

    private static void CheckCardinality(ElementRule rule, int count, InstancePath path, string name, List<ValidationIssue> issues)
    {
        if (rule.Min is { } min && count < min)
        {
            issues.Add(new ValidationIssue(OperationOutcome.IssueSeverity.Error, ValidationRules.CardinalityMin, path.Child(name),
                $"{rule.Id} is required at least {min} time{(min == 1 ? "" : "s")}; found {count}.", rule.SliceName));
        }

        if (rule.Max is { } max && count > max)
        {
            issues.Add(new ValidationIssue(OperationOutcome.IssueSeverity.Error, ValidationRules.CardinalityMax, path.Child(name),
                max == 0 ? $"{rule.Id} is not allowed here; found {count}." : $"{rule.Id} is allowed at most {max} time{(max == 1 ? "" : "s")}; found {count}.", rule.SliceName));
        }
    }

    private static void CheckBinding(Base value, BindingRule binding, InstancePath path, List<ValidationIssue> issues)
    {
        if (binding.Strength is not (BindingStrength.Required or BindingStrength.Extensible))
        {
            return;
        }

        bool inSet;
        string shown;
        switch (value)
        {
            case Coding coding:
                inSet = coding.Code is not null && binding.Entry.Contains(coding.System, coding.Code);
                shown = $"{coding.System}|{coding.Code}";
                break;
            case CodeableConcept concept:
                inSet = concept.Coding.Any(c => c.Code is not null && binding.Entry.Contains(c.System, c.Code));
                shown = concept.Coding.Count == 0 ? "(no coding)" : string.Join(", ", concept.Coding.Select(c => $"{c.System}|{c.Code}"));
                break;
            case PrimitiveType primitive when primitive.JsonValue is not null:
                var code = Convert.ToString(primitive.JsonValue, CultureInfo.InvariantCulture)!;
                inSet = binding.Entry.Contains(null, code);
                shown = code;
                break;
            default:
                return;
        }

        if (inSet)
        {
            return;
        }

        var required = binding.Strength == BindingStrength.Required;
        issues.Add(new ValidationIssue(
            required ? OperationOutcome.IssueSeverity.Error : OperationOutcome.IssueSeverity.Warning,
            required ? ValidationRules.RequiredBinding : ValidationRules.ExtensibleBinding,
            path.ToString(),
            $"{shown} is not in the ValueSet {binding.ValueSet}."));
    }

    /// <summary>What is checked wherever it appears: identifiers against their NamingSystems, extensions against their definitions.</summary>
    private void CheckInstance(Base instance, InstancePath path, List<ValidationIssue> issues, EvaluationContext context, Scratch scratch)
    {
        if (instance is Identifier identifier)
        {
            CheckIdentifier(identifier, path, issues);
        }
        else if (instance is Extension extension)
        {
            CheckExtension(extension, path, issues, context, scratch);
        }
    }

    private void CheckIdentifier(Identifier identifier, InstancePath path, List<ValidationIssue> issues)
    {
        if (identifier.System is not { } system || identifier.Value is not { } value)
        {
            return;
        }

        switch (_identifiers.Check(system, value))
        {
            case IdentifierCheck.UnknownSystem when system.StartsWith(CanonicalUrls.IdentifierBase, StringComparison.Ordinal):
                Add(issues, ValidationRules.UnknownIdentifierSystem, path, $"Identifier system '{system}' is not a NamingSystem of the standards.", path.Child("system"));
                break;
            case IdentifierCheck.InvalidFormat:
                Add(issues, ValidationRules.IdentifierFormat, path, $"The value does not have the format of {_identifiers.Rules[system].Id}.", path.Child("value"));
                break;
            case IdentifierCheck.InvalidCheckDigit:
                Add(issues, ValidationRules.IdentifierCheckDigit, path, $"The check digit of this {_identifiers.Rules[system].Id} is wrong.", path.Child("value"));
                break;
            default:
                break;
        }
    }

    private void CheckExtension(Extension extension, InstancePath path, List<ValidationIssue> issues, EvaluationContext context, Scratch scratch)
    {
        if (extension.Url is not { } url)
        {
            return;
        }

        if (_extensions.TryGetValue(url, out var definition))
        {
            CheckValue(extension, definition.Root, path, issues, context, scratch, isRoot: true);
        }
        else if (CanonicalUrls.IsOurs(url))
        {
            Add(issues, ValidationRules.UnknownExtension, path, $"Extension '{url}' is not defined in the standards.");
        }
    }

    private static void Add(List<ValidationIssue> issues, string rule, InstancePath path, string message, string? at = null) =>
        issues.Add(new ValidationIssue(OperationOutcome.IssueSeverity.Error, rule, at ?? path.ToString(), message));

    private static string Describe(DataType value) => value switch
    {
        PrimitiveType p => $"'{p}'",
        Coding c => $"{c.System}|{c.Code}",
        _ => value.TypeName,
    };

    /// <summary>The hook Firely's POCO validation calls for every object it visits.</summary>
    private sealed class InstanceChecks(ProfileValidator owner, List<ValidationIssue> issues, EvaluationContext context, Scratch scratch) : IPocoValidator
    {
        private static readonly FhirAttributeValidator Attributes = new();

        public IReadOnlyCollection<CodedValidationException> ValidateProperty(string name, object? propertyValue, PropertyMapping? propertyMapping, PocoValidationContext validationContext) =>
            Attributes.ValidateProperty(name, propertyValue, propertyMapping, validationContext);

        public IReadOnlyCollection<CodedValidationException> ValidateObject(Base instance, ClassMapping classMapping, PocoValidationContext validationContext)
        {
            if (instance is Identifier or Extension)
            {
                owner.CheckInstance(instance, new InstancePath(validationContext.PathProducer), issues, context, scratch);
            }

            return Attributes.ValidateObject(instance, classMapping, validationContext);
        }
    }

    /// <summary>Reusable lists so a validation allocates little; one per call, never shared across threads.</summary>
    private sealed class Scratch
    {
        [ThreadStatic]
        private static Scratch? t_spare;

        private readonly Stack<List<Base>> _free = new();

        /// <summary>The thread's spare scratch (its lists already grown), or a new one.</summary>
        public static Scratch Take()
        {
            var scratch = t_spare ?? new Scratch();
            t_spare = null;
            return scratch;
        }

        public static void Give(Scratch scratch) => t_spare = scratch;

        public List<Base> Rent() => _free.Count > 0 ? _free.Pop() : new List<Base>(4);

        public void Return(List<Base> list)
        {
            list.Clear();
            _free.Push(list);
        }
    }
}
