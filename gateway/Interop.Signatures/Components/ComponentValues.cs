using System.Globalization;
using Interop.Signatures.Messages;
using Interop.Signatures.StructuredFields;

namespace Interop.Signatures.Components;

/// <summary>Computes the value of a covered component from a message (RFC 9421 §2.1 and §2.2).</summary>
internal static class ComponentValues
{
    // Fields whose Structured Field type is known, for the sf and key parameters.
    private static readonly Dictionary<string, string> KnownStructuredFields = new(StringComparer.Ordinal)
    {
        ["accept-signature"] = "dictionary",
        ["cache-status"] = "list",
        ["cdn-cache-control"] = "dictionary",
        ["content-digest"] = "dictionary",
        ["priority"] = "dictionary",
        ["proxy-status"] = "list",
        ["repr-digest"] = "dictionary",
        ["signature"] = "dictionary",
        ["signature-input"] = "dictionary",
        ["want-content-digest"] = "dictionary",
        ["want-repr-digest"] = "dictionary",
    };

    /// <summary>The component value, or an error naming the component.</summary>
    public static (string? Value, string? Error) Compute(HttpMessage message, ComponentIdentifier component)
    {
        var source = message;
        if (component.IsFromRequest)
        {
            if (message.IsRequest || message.RelatedRequest is null)
            {
                return (null, $"{component} needs the related request, and this message has none");
            }

            source = message.RelatedRequest;
        }

        foreach (var (key, _) in component.Parameters)
        {
            var allowed = component.IsDerived
                ? key is "req" || (key is "name" && component.Name == "@query-param")
                : key is "sf" or "key" or "bs" or "req" or "tr";
            if (!allowed)
            {
                return (null, $"{component}: parameter '{key}' is not supported on this component");
            }
        }

        var (value, error) = component.IsDerived ? Derived(source, component) : Field(source, component);
        if (value is not null && value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            return (null, $"{component}: the value contains a line break");
        }

        if (value is not null && value.Any(c => c is not ('\t' or (>= ' ' and <= '~'))))
        {
            return (null, $"{component}: the value is not ASCII");
        }

        return (value, error);
    }

    private static (string? Value, string? Error) Derived(HttpMessage message, ComponentIdentifier component)
    {
        if (component.Name == "@status")
        {
            return message.IsRequest || message.Status is not { } status
                ? (null, "@status applies to responses only")
                : (status.ToString("000", CultureInfo.InvariantCulture), null);
        }

        if (!message.IsRequest)
        {
            return (null, $"{component} applies to requests only (use ;req on a response)");
        }

        return component.Name switch
        {
            "@method" => Required(component, message.Method),
            "@target-uri" => (message.Scheme is null || message.Authority is null)
                ? (null, "@target-uri needs the scheme and authority")
                : ($"{message.Scheme.ToLowerInvariant()}://{message.Authority.ToLowerInvariant()}{PathOf(message)}{QueryOf(message)}", null),
            "@authority" => Required(component, message.Authority?.ToLowerInvariant()),
            "@scheme" => Required(component, message.Scheme?.ToLowerInvariant()),
            "@request-target" => (PathOf(message) + QueryOf(message), null),
            "@path" => (PathOf(message), null),
            "@query" => ("?" + (message.Query ?? string.Empty), null),
            "@query-param" => QueryParam(message, component),
            "@signature-params" => (null, "@signature-params cannot be listed as a covered component"),
            _ => (null, $"unknown derived component {component.Name}"),
        };
    }

    private static string PathOf(HttpMessage message) => string.IsNullOrEmpty(message.Path) ? "/" : message.Path;

    private static string QueryOf(HttpMessage message) => message.Query is null ? string.Empty : "?" + message.Query;

    private static (string? Value, string? Error) Required(ComponentIdentifier component, string? value) =>
        value is null ? (null, $"{component}: the message has no such part") : (value, null);

    private static (string? Value, string? Error) QueryParam(HttpMessage message, ComponentIdentifier component)
    {
        if (component.QueryParameterName is not { } name)
        {
            return (null, "@query-param needs a name parameter");
        }

        var matches = QueryParameters.Parse(message.Query ?? string.Empty).Where(p => p.Name == name).ToList();
        return matches.Count switch
        {
            0 => (null, $"{component}: the query has no parameter '{name}'"),
            1 => (matches[0].Value, null),
            _ => (null, $"{component}: the parameter '{name}' occurs more than once; cover @query instead"),
        };
    }

    private static (string? Value, string? Error) Field(HttpMessage message, ComponentIdentifier component)
    {
        var fields = component.IsFromTrailer ? message.Trailers : message.Headers;
        var lines = fields.GetValues(component.Name);
        if (lines.Count == 0)
        {
            return (null, $"{component}: the field is absent");
        }

        if (component.IsByteSequence)
        {
            if (component.IsStructured || component.DictionaryKey is not null)
            {
                return (null, $"{component}: bs cannot be combined with sf or key");
            }

            var encoded = lines.Select(l => StructuredFieldSerializer.Serialize(SfBareItem.ByteSequence(System.Text.Encoding.ASCII.GetBytes(l))).Value);
            return (string.Join(", ", encoded), null);
        }

        var combined = string.Join(", ", lines);
        if (component.DictionaryKey is { } key)
        {
            var dictionary = StructuredFieldParser.ParseDictionary(combined);
            if (!dictionary.IsSuccess)
            {
                return (null, $"{component}: the field is not a dictionary ({dictionary.Error})");
            }

            if (!dictionary.Value.TryGetValue(key, out var member))
            {
                return (null, $"{component}: the dictionary has no member '{key}'");
            }

            var serialized = member switch
            {
                SfItem item => StructuredFieldSerializer.Serialize(item),
                SfInnerList inner => StructuredFieldSerializer.Serialize(inner),
                _ => null,
            };
            return serialized is { IsSuccess: true } ? (serialized.Value, null) : (null, $"{component}: the member cannot be serialized");
        }

        if (component.IsStructured)
        {
            if (!KnownStructuredFields.TryGetValue(component.Name, out var type))
            {
                return (null, $"{component}: the Structured Field type of '{component.Name}' is not known");
            }

            var serialized = type switch
            {
                "dictionary" => Reserialize(StructuredFieldParser.ParseDictionary(combined), StructuredFieldSerializer.Serialize),
                "list" => Reserialize(StructuredFieldParser.ParseList(combined), StructuredFieldSerializer.Serialize),
                _ => Reserialize(StructuredFieldParser.ParseItem(combined), StructuredFieldSerializer.Serialize),
            };
            return serialized is null ? (null, $"{component}: the field is not a valid {type}") : (serialized, null);
        }

        return (combined, null);
    }

    private static string? Reserialize<T>(ParseResult<T> parsed, Func<T, SerializeResult> serialize)
        where T : class => parsed.IsSuccess ? serialize(parsed.Value).Value : null;
}
