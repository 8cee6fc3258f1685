using System.Runtime.InteropServices;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Hspis.Xml;

/// <summary>
/// Reads an H-SPIS body safely: no DTD (so no entity expansion, no billion laughs), no external resolution,
/// a cap on characters and on nesting depth. Every failure is a <see cref="FieldError"/>, never an exception.
/// </summary>
internal static class HspisXml
{
    public const string Namespace = "urn:kh:nssf:hspis:2016";

    public static readonly XNamespace Ns = Namespace;

    /// <summary>Parses the body into an element tree (whitespace, comments and processing instructions dropped).</summary>
    public static XElement? Parse(ReadOnlyMemory<byte> body, int maxBytes, int maxDepth, out FieldError? error)
    {
        error = null;
        if (body.Length > maxBytes)
        {
            error = new FieldError("", "body-too-large", $"The message is larger than {maxBytes} bytes.");
            return null;
        }

        if (body.IsEmpty)
        {
            error = new FieldError("", "message-not-well-formed", "The message is empty.");
            return null;
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxBytes,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = true,
        };

        using var stream = AsStream(body);
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            return ReadTree(reader, maxDepth, out error);
        }
        catch (XmlException ex)
        {
            error = new FieldError("", "message-not-well-formed", $"The message is not well-formed XML (line {ex.LineNumber}, position {ex.LinePosition}).");
            return null;
        }
        catch (DecoderFallbackException)
        {
            error = new FieldError("", "message-not-well-formed", "The message is not UTF-8 text.");
            return null;
        }
    }

    private static XElement? ReadTree(XmlReader reader, int maxDepth, out FieldError? error)
    {
        error = null;
        XElement? root = null;
        var stack = new Stack<XElement>();
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (reader.Depth >= maxDepth)
                    {
                        error = new FieldError("", "too-deeply-nested", $"The message nests elements deeper than {maxDepth} levels.");
                        return null;
                    }

                    var element = new XElement(XName.Get(reader.LocalName, reader.NamespaceURI));
                    if (reader.HasAttributes)
                    {
                        while (reader.MoveToNextAttribute())
                        {
                            if (reader.NamespaceURI != "http://www.w3.org/2000/xmlns/")
                            {
                                element.SetAttributeValue(XName.Get(reader.LocalName, reader.NamespaceURI), reader.Value);
                            }
                        }

                        reader.MoveToElement();
                    }

                    if (stack.Count == 0)
                    {
                        if (root is not null)
                        {
                            error = new FieldError("", "message-not-well-formed", "The message has more than one root element.");
                            return null;
                        }

                        root = element;
                    }
                    else
                    {
                        stack.Peek().Add(element);
                    }

                    if (!reader.IsEmptyElement)
                    {
                        stack.Push(element);
                    }

                    break;
                case XmlNodeType.EndElement:
                    stack.Pop();
                    break;
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.SignificantWhitespace:
                    if (stack.Count > 0)
                    {
                        stack.Peek().Add(new XText(reader.Value));
                    }

                    break;
                default:
                    break;
            }
        }

        if (root is null)
        {
            error = new FieldError("", "message-not-well-formed", "The message has no root element.");
        }

        return root;
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> body) =>
        MemoryMarshal.TryGetArray(body, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);
}
