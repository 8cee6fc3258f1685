using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using Hl7.Fhir.Introspection;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;

namespace Interop.Standards.Validation;

/// <summary>
/// A quick pass over a POCO that makes the same checks as Firely's POCO validation of the base model
/// (<see cref="FhirAttributeValidator"/> driven by <c>PocoValidationExtensions.Validate</c>), in the same order,
/// without its per-element allocations: it answers only "clean" or "not sure". When it is not sure, the caller runs
/// Firely's own pass, which reports the errors with their exact paths and messages; so a clean resource costs one
/// cheap walk and a broken one costs what it always did. Every check that it cannot repeat exactly gives up rather
/// than passes.
/// </summary>
/// <remarks>
/// The checks repeated, per element: the property is a known, exact-cased element of its class; its value has the
/// property's type; its cardinality (no null items, within min and max); its other validation attributes (choice types),
/// run as they are. Per object: not a dynamic resource; every mandatory element present; the class's own attributes;
/// the invariants of the SDK's model (an element is not empty, a primitive's value is a valid literal, contained
/// resources are not nested). The visitor is called for each object after its children, where Firely calls
/// <see cref="IPocoValidator.ValidateObject"/>, with the path Firely would give.
/// </remarks>
internal static class BaseModelCheck
{
    private static readonly ConcurrentDictionary<Type, ClassInfo?> Classes = new();

    /// <summary>Walks the resource; <see langword="false"/> when some base-model check might fail.</summary>
    /// <param name="resource">The resource.</param>
    /// <param name="visit">Called for every object after its children, with the object's path.</param>
    /// <returns>Whether every base-model check passed.</returns>
    public static bool IsClean(Resource resource, Action<Base, InstancePath> visit)
    {
        var context = new PocoValidationContext(resource, ModelInfo.ModelInspector, () => resource.TypeName, null, null, NarrativeValidationKind.None);
        return Walk(resource, new InstancePath(resource.TypeName), context, visit);
    }

    private static bool Walk(Base node, InstancePath path, PocoValidationContext context, Action<Base, InstancePath> visit)
    {
        var info = Classes.GetOrAdd(node.GetType(), Describe);
        if (info is null)
        {
            return false;
        }

        var count = 0;
        foreach (var (name, value) in node.EnumerateElements())
        {
            count++;
            if (!info.Properties.TryGetValue(name, out var property) || !property.Accepts(value, context))
            {
                return false;
            }

            if (value is Base child)
            {
                path.Push(name, -1);
                var clean = Walk(child, path, context, visit);
                path.Pop();
                if (!clean)
                {
                    return false;
                }
            }
            else if (value is IList list)
            {
                var index = 0;
                foreach (var item in list)
                {
                    if (item is not Base element)
                    {
                        continue;
                    }

                    path.Push(name, index++);
                    var clean = Walk(element, path, context, visit);
                    path.Pop();
                    if (!clean)
                    {
                        return false;
                    }
                }
            }
        }

        visit(node, path);
        return IsObjectClean(node, info, count, context);
    }

    private static bool IsObjectClean(Base node, ClassInfo info, int elements, PocoValidationContext context)
    {
        foreach (var mandatory in info.Mandatory)
        {
            if (!node.TryGetValue(mandatory, out var value) || value is null || (value is ICollection { Count: 0 } and not Array))
            {
                return false;
            }
        }

        foreach (var attribute in info.ClassAttributes)
        {
            if (attribute.Validate(node, context).Count != 0)
            {
                return false;
            }
        }

        // The SDK's invariants (Base, DomainResource and PrimitiveType are the only classes that declare any; Describe gives up on others).
        if (node is PrimitiveType primitive)
        {
            return (primitive.JsonValue is not null || elements > 0) && HasValidValue(primitive);
        }

        if (elements == 0)
        {
            return false;
        }

        if (node is DomainResource domain)
        {
            foreach (var contained in domain.Contained)
            {
                if (contained is DomainResource { Contained.Count: > 0 })
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a primitive's value is a valid literal of its type. Parsing a uri or matching a code's pattern costs
    /// more than the rest of an element's checks, and the same systems and codes recur in every resource: those
    /// answers are kept (a pure function of the type and the text), up to a bound so odd input cannot grow the cache.
    /// </summary>
    private static bool HasValidValue(PrimitiveType primitive)
    {
        if (primitive.JsonValue is not string text || primitive is not (FhirUri or Code) || text.Length > 256)
        {
            return primitive.HasValidValue();
        }

        var key = (primitive.GetType(), text);
        if (Literals.TryGetValue(key, out var valid))
        {
            return valid;
        }

        valid = primitive.HasValidValue();
        if (Literals.Count < MaxLiterals)
        {
            Literals.TryAdd(key, valid);
        }

        return valid;
    }

    private const int MaxLiterals = 4096;

    private static readonly ConcurrentDictionary<(Type, string), bool> Literals = new();

    private static readonly HashSet<Type> KnownInvariants = [typeof(Base), typeof(DomainResource), typeof(PrimitiveType)];

    private static ClassInfo? Describe(Type type)
    {
        if (typeof(DynamicResource).IsAssignableFrom(type) || typeof(IDynamicType).IsAssignableFrom(type))
        {
            return null;
        }

        var invariants = type.GetMethod("ValidateInvariants", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, [typeof(PocoValidationContext)]);
        if (invariants is null || !KnownInvariants.Contains(invariants.DeclaringType!))
        {
            return null;
        }

        var mapping = ModelInfo.ModelInspector.FindOrImportClassMapping(type);
        if (mapping is null || mapping.IsCustomMapping)
        {
            return null;
        }

        var properties = new Dictionary<string, PropertyInfo>(StringComparer.Ordinal);
        var mandatory = new List<string>();
        foreach (var property in mapping.PropertyMappings)
        {
            CardinalityAttribute? cardinality = null;
            var others = new List<ValidatingFhirModelAttribute>();
            foreach (var attribute in property.ValidationAttributes)
            {
                if (attribute.GetType() == typeof(CardinalityAttribute) && cardinality is null)
                {
                    cardinality = (CardinalityAttribute)attribute;
                }
                else
                {
                    others.Add(attribute);
                }
            }

            if (property.IsMandatoryElement || cardinality?.Min > 0)
            {
                mandatory.Add(property.Name);
            }

            // Elements Firely reports as unknown whatever their value (atomic .NET values, ad-hoc mappings) are left out: finding one gives up.
            if (!property.IsPrimitive && property.NativeProperty is not null)
            {
                properties.TryAdd(property.Name, new PropertyInfo(property.PropertyType, cardinality, [.. others]));
            }
        }

        return new ClassInfo(properties, [.. mandatory], mapping.ValidationAttributes);
    }

    private sealed record ClassInfo(Dictionary<string, PropertyInfo> Properties, string[] Mandatory, ValidatingFhirModelAttribute[] ClassAttributes);

    private sealed record PropertyInfo(Type Type, CardinalityAttribute? Cardinality, ValidatingFhirModelAttribute[] Others)
    {
        public bool Accepts(object value, PocoValidationContext context)
        {
            if (!Type.IsInstanceOfType(value))
            {
                return false;
            }

            if (Cardinality is { } cardinality)
            {
                var count = 1;
                if (value is ICollection collection and not Array)
                {
                    if (collection is not IList list)
                    {
                        return false;
                    }

                    for (var i = 0; i < list.Count; i++)
                    {
                        if (list[i] is null)
                        {
                            return false;
                        }
                    }

                    count = list.Count;
                }

                if (count < cardinality.Min || (cardinality.Max != -1 && count > cardinality.Max))
                {
                    return false;
                }
            }

            foreach (var attribute in Others)
            {
                if (attribute.Validate(value, context).Count != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
