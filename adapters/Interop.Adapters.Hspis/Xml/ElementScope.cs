using System.Xml.Linq;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Hspis.Xml;

/// <summary>
/// Reads the children of one H-SPIS element, naming each field by its element path as the caller knows it
/// (<c>Member/NssfId</c>, <c>Claim[2]/CaseGroup</c>), and collects every error instead of stopping at the first.
/// </summary>
internal sealed class ElementScope(XElement? element, string path, List<FieldError> errors)
{
    public XElement? Element { get; } = element;

    /// <summary>The path of this element (empty for the root).</summary>
    public string Path { get; } = path;

    public List<FieldError> Errors { get; } = errors;

    public string PathOf(string child) => Path.Length == 0 ? child : Path + "/" + child;

    public XElement? Child(string name) => Element?.Element(HspisXml.Ns + name);

    public IEnumerable<XElement> Children(string name) => Element?.Elements(HspisXml.Ns + name) ?? [];

    public ElementScope Scope(string name) => new(Child(name), PathOf(name), Errors);

    /// <summary>The trimmed text of a child, or <see langword="null"/> when it is absent or empty.</summary>
    public string? Text(string name)
    {
        var value = Child(name)?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>The trimmed text of a required child; records <c>missing-value</c> when absent or empty.</summary>
    public string? Required(string name, string what)
    {
        var value = Text(name);
        if (value is null)
        {
            Error(name, "missing-value", $"{what} is required.");
        }

        return value;
    }

    public void Error(string child, string code, string reason, string? value = null) =>
        Errors.Add(new FieldError(PathOf(child), code, reason, value));

    /// <summary>Adds the paths (no positions) of children this adapter does not know, so they are reported unmapped.</summary>
    public void CollectUnknown(string genericPath, IReadOnlySet<string> known, ISet<string> unmapped)
    {
        if (Element is null)
        {
            return;
        }

        foreach (var child in Element.Elements())
        {
            if (child.Name.Namespace != HspisXml.Ns || !known.Contains(child.Name.LocalName))
            {
                unmapped.Add((genericPath.Length == 0 ? "" : genericPath + "/") + child.Name.LocalName);
            }
        }
    }
}
