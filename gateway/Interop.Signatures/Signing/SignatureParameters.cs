using Interop.Signatures.Components;
using Interop.Signatures.StructuredFields;

namespace Interop.Signatures.Signing;

/// <summary>
/// One signature's covered components and parameters: the value of a Signature-Input member and
/// of <c>@signature-params</c> (RFC 9421 §2.3). Parameter order is kept as received.
/// </summary>
public sealed class SignatureParameters
{
    private readonly SfInnerList _innerList;

    private SignatureParameters(SfInnerList innerList, IReadOnlyList<ComponentIdentifier> components)
    {
        _innerList = innerList;
        Components = components;
    }

    /// <summary>The covered components, in order.</summary>
    public IReadOnlyList<ComponentIdentifier> Components { get; }

    /// <summary>The <c>created</c> parameter.</summary>
    public DateTimeOffset? Created => Time("created");

    /// <summary>The <c>expires</c> parameter.</summary>
    public DateTimeOffset? Expires => Time("expires");

    /// <summary>The <c>nonce</c> parameter.</summary>
    public string? Nonce => Text("nonce");

    /// <summary>The <c>alg</c> parameter.</summary>
    public string? Algorithm => Text("alg");

    /// <summary>The <c>keyid</c> parameter.</summary>
    public string? KeyId => Text("keyid");

    /// <summary>The <c>tag</c> parameter.</summary>
    public string? Tag => Text("tag");

    /// <summary>The serialized inner list: the <c>@signature-params</c> value.</summary>
    public string Serialize() => StructuredFieldSerializer.Serialize(_innerList).Value ?? string.Empty;

    /// <inheritdoc />
    public override string ToString() => Serialize();

    /// <summary>Builds parameters; the order of the optional ones is created, keyid, alg, expires, nonce, tag.</summary>
    public static SignatureParameters Create(
        IEnumerable<ComponentIdentifier> components,
        DateTimeOffset? created = null,
        string? keyId = null,
        string? algorithm = null,
        DateTimeOffset? expires = null,
        string? nonce = null,
        string? tag = null)
    {
        var list = components.ToList();
        var parameters = new SfParameters();
        if (created is { } c)
        {
            parameters.Set("created", SfBareItem.Integer(c.ToUnixTimeSeconds()));
        }

        if (keyId is not null)
        {
            parameters.Set("keyid", SfBareItem.String(keyId));
        }

        if (algorithm is not null)
        {
            parameters.Set("alg", SfBareItem.String(algorithm));
        }

        if (expires is { } e)
        {
            parameters.Set("expires", SfBareItem.Integer(e.ToUnixTimeSeconds()));
        }

        if (nonce is not null)
        {
            parameters.Set("nonce", SfBareItem.String(nonce));
        }

        if (tag is not null)
        {
            parameters.Set("tag", SfBareItem.String(tag));
        }

        return new SignatureParameters(new SfInnerList(list.Select(i => i.ToItem()), parameters), list);
    }

    /// <summary>Reads a Signature-Input member (an inner list of component identifiers with parameters).</summary>
    internal static ParseResult<SignatureParameters> FromMember(string label, SfMember member)
    {
        if (member is not SfInnerList innerList)
        {
            return ParseResult.Failure<SignatureParameters>(0, $"Signature-Input member '{label}' is not an inner list");
        }

        var components = new List<ComponentIdentifier>();
        foreach (var item in innerList.Items)
        {
            var component = ComponentIdentifier.FromItem(item);
            if (!component.IsSuccess)
            {
                return ParseResult.Failure<SignatureParameters>(0, $"Signature-Input member '{label}': {component.Error.Reason}");
            }

            components.Add(component.Value);
        }

        foreach (var (key, value) in innerList.Parameters)
        {
            var wrongType = key switch
            {
                "created" or "expires" => value.Type != SfItemType.Integer,
                "nonce" or "alg" or "keyid" or "tag" => value.Type != SfItemType.String,
                _ => false,
            };
            if (wrongType)
            {
                return ParseResult.Failure<SignatureParameters>(0, $"Signature-Input member '{label}': parameter '{key}' has the wrong type");
            }
        }

        return ParseResult.Success(new SignatureParameters(innerList, components));
    }

    internal SfInnerList ToInnerList() => _innerList;

    private DateTimeOffset? Time(string key)
    {
        if (!_innerList.Parameters.TryGetValue(key, out var value) || value.AsInteger() is not { } seconds)
        {
            return null;
        }

        // Clamp instead of throwing on absurd values; the time checks then refuse them.
        var clamped = Math.Clamp(seconds, -62_135_596_800L, 253_402_300_799L);
        return DateTimeOffset.FromUnixTimeSeconds(clamped);
    }

    private string? Text(string key) => _innerList.Parameters.TryGetValue(key, out var value) ? value.AsString() : null;
}
