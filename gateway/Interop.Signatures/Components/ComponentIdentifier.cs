using Interop.Signatures.StructuredFields;

namespace Interop.Signatures.Components;

/// <summary>
/// A covered component (RFC 9421 §2): a derived component such as <c>@method</c> or a lowercase
/// field name, with parameters (<c>name</c>, <c>sf</c>, <c>key</c>, <c>bs</c>, <c>req</c>, <c>tr</c>).
/// Two identifiers are equal when their serializations are equal.
/// </summary>
public sealed class ComponentIdentifier : IEquatable<ComponentIdentifier>
{
    private readonly SfParameters _parameters;
    private string? _serialized;

    /// <summary>Creates an identifier for a derived component (starting with <c>@</c>) or a field name.</summary>
    /// <param name="name">The component name; field names are lowercased.</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public ComponentIdentifier(string name)
        : this(name, new SfParameters())
    {
    }

    private ComponentIdentifier(string name, SfParameters parameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.StartsWith('@') ? name : name.ToLowerInvariant();
        _parameters = parameters;
    }

    /// <summary><c>@method</c>.</summary>
    public static ComponentIdentifier Method => new("@method");

    /// <summary><c>@target-uri</c>.</summary>
    public static ComponentIdentifier TargetUri => new("@target-uri");

    /// <summary><c>@authority</c>.</summary>
    public static ComponentIdentifier Authority => new("@authority");

    /// <summary><c>@scheme</c>.</summary>
    public static ComponentIdentifier Scheme => new("@scheme");

    /// <summary><c>@request-target</c>.</summary>
    public static ComponentIdentifier RequestTarget => new("@request-target");

    /// <summary><c>@path</c>.</summary>
    public static ComponentIdentifier Path => new("@path");

    /// <summary><c>@query</c>.</summary>
    public static ComponentIdentifier Query => new("@query");

    /// <summary><c>@status</c> (responses).</summary>
    public static ComponentIdentifier Status => new("@status");

    /// <summary>The component name: <c>@...</c> for derived components, else a lowercase field name.</summary>
    public string Name { get; }

    /// <summary>True for a derived component (<c>@...</c>).</summary>
    public bool IsDerived => Name.StartsWith('@');

    /// <summary>The parameters, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, SfBareItem>> Parameters => _parameters;

    /// <summary>The <c>name</c> parameter of <c>@query-param</c>.</summary>
    public string? QueryParameterName => _parameters.TryGetValue("name", out var v) ? v.AsString() : null;

    /// <summary>The <c>key</c> parameter: the Dictionary member to cover.</summary>
    public string? DictionaryKey => _parameters.TryGetValue("key", out var v) ? v.AsString() : null;

    /// <summary>True with <c>sf</c>: the field is covered in its canonical Structured Field form.</summary>
    public bool IsStructured => HasFlag("sf");

    /// <summary>True with <c>bs</c>: each field line is covered as a Byte Sequence.</summary>
    public bool IsByteSequence => HasFlag("bs");

    /// <summary>True with <c>req</c>: the value is taken from the related request.</summary>
    public bool IsFromRequest => HasFlag("req");

    /// <summary>True with <c>tr</c>: the value is taken from the trailers.</summary>
    public bool IsFromTrailer => HasFlag("tr");

    /// <summary><c>@query-param;name="..."</c>; the name is given decoded and percent-encoded as RFC 9421 §2.2.8 requires.</summary>
    public static ComponentIdentifier QueryParam(string name) =>
        new("@query-param", new SfParameters().Set("name", SfBareItem.String(QueryParameters.Encode(name))));

    /// <summary>A field component, e.g. <c>content-digest</c> or <c>x-member-id</c>.</summary>
    public static ComponentIdentifier Field(string name) => new(name);

    /// <summary>A copy covering one member of a Dictionary field (<c>;key="..."</c>).</summary>
    public ComponentIdentifier WithKey(string key) => With("key", SfBareItem.String(key));

    /// <summary>A copy with <c>;sf</c>.</summary>
    public ComponentIdentifier AsStructured() => With("sf", SfBareItem.Boolean(true));

    /// <summary>A copy with <c>;bs</c>.</summary>
    public ComponentIdentifier AsByteSequence() => With("bs", SfBareItem.Boolean(true));

    /// <summary>A copy with <c>;req</c>: the value comes from the request a response answers.</summary>
    public ComponentIdentifier FromRequest() => With("req", SfBareItem.Boolean(true));

    /// <summary>A copy with <c>;tr</c>: the value comes from the trailers.</summary>
    public ComponentIdentifier FromTrailer() => With("tr", SfBareItem.Boolean(true));

    /// <summary>
    /// Parses an identifier in its serialized form (<c>"@query-param";name="Pet"</c>) or a bare
    /// name (<c>@method</c>, <c>content-type</c>).
    /// </summary>
    public static ParseResult<ComponentIdentifier> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith('"'))
        {
            text = "\"" + text + "\"";
        }

        var item = StructuredFieldParser.ParseItem(text);
        if (!item.IsSuccess)
        {
            return ParseResult.Failure<ComponentIdentifier>(item.Error);
        }

        return FromItem(item.Value);
    }

    /// <summary>The serialized identifier, as it appears in the signature base and Signature-Input.</summary>
    /// <remarks>Computed once: an identifier never changes after it is made, and policies compare identifiers often.</remarks>
    public string Serialize() => _serialized ??= StructuredFieldSerializer.Serialize(ToItem()).Value ?? Name;

    /// <inheritdoc />
    public override string ToString() => Serialize();

    /// <inheritdoc />
    public bool Equals(ComponentIdentifier? other) => other is not null && string.Equals(Serialize(), other.Serialize(), StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ComponentIdentifier);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Serialize());

    internal SfItem ToItem()
    {
        var parameters = new SfParameters();
        foreach (var (key, value) in _parameters)
        {
            parameters.Set(key, value);
        }

        return new SfItem(SfBareItem.String(Name), parameters);
    }

    internal static ParseResult<ComponentIdentifier> FromItem(SfItem item)
    {
        if (item.Value.AsString() is not { Length: > 0 } name)
        {
            return ParseResult.Failure<ComponentIdentifier>(0, "a component identifier is a non-empty string");
        }

        if (!name.StartsWith('@') && !string.Equals(name, name.ToLowerInvariant(), StringComparison.Ordinal))
        {
            return ParseResult.Failure<ComponentIdentifier>(0, $"field name '{name}' must be lowercase");
        }

        return ParseResult.Success(new ComponentIdentifier(name, item.Parameters));
    }

    private bool HasFlag(string key) => _parameters.TryGetValue(key, out var v) && v.AsBoolean() == true;

    private ComponentIdentifier With(string key, SfBareItem value)
    {
        var parameters = new SfParameters();
        foreach (var (k, v) in _parameters)
        {
            parameters.Set(k, v);
        }

        return new ComponentIdentifier(Name, parameters.Set(key, value));
    }
}
