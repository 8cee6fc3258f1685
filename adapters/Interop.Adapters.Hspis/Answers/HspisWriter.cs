using System.Text;
using System.Xml;
using Interop.Adapters.Hspis.Mapping;
using Interop.Adapters.Hspis.Xml;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Hspis.Answers;

/// <summary>Writes H-SPIS answers: UTF-8 XML in the H-SPIS namespace, the shapes of the interface.</summary>
internal sealed class HspisWriter : IDisposable
{
    public const string ContentType = "application/xml; charset=utf-8";

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
    };

    private readonly MemoryStream _stream = new();
    private readonly XmlWriter _writer;

    public HspisWriter(string root)
    {
        _writer = XmlWriter.Create(_stream, Settings);
        _writer.WriteStartDocument();
        _writer.WriteStartElement(root, HspisXml.Namespace);

        // The namespace declaration first, as H-SPIS writes it.
        _writer.WriteAttributeString("xmlns", HspisXml.Namespace);
    }

    public HspisWriter Header(string senderCode, string? messageId, DateTimeOffset sentAt)
    {
        _writer.WriteStartElement("Header", HspisXml.Namespace);
        Element("SenderCode", senderCode);
        Element("MessageId", messageId ?? "");
        Element("SentAt", LegacyValues.LegacyDateTime(sentAt));
        _writer.WriteEndElement();
        return this;
    }

    public HspisWriter Result(string code, string text)
    {
        _writer.WriteStartElement("Result", HspisXml.Namespace);
        _writer.WriteAttributeString("code", code);
        _writer.WriteAttributeString("text", text);
        _writer.WriteEndElement();
        return this;
    }

    public HspisWriter Ok() => Result("0", "OK");

    public HspisWriter Fault(string code, string element, string text)
    {
        _writer.WriteStartElement("Fault", HspisXml.Namespace);
        _writer.WriteAttributeString("code", code);
        _writer.WriteAttributeString("element", element);
        _writer.WriteString(text);
        _writer.WriteEndElement();
        return this;
    }

    public HspisWriter Faults(IEnumerable<FieldError> errors, FaultCodes codes)
    {
        foreach (var error in errors)
        {
            Fault(codes.FaultOf(error.Code), error.Path, error.Reason);
        }

        return this;
    }

    public HspisWriter Element(string name, string value)
    {
        _writer.WriteStartElement(name, HspisXml.Namespace);
        _writer.WriteString(value);
        _writer.WriteEndElement();
        return this;
    }

    public HspisWriter Start(string name, params (string Name, string Value)[] attributes)
    {
        _writer.WriteStartElement(name, HspisXml.Namespace);
        foreach (var (attribute, value) in attributes)
        {
            _writer.WriteAttributeString(attribute, value);
        }

        return this;
    }

    public HspisWriter Text(string value)
    {
        _writer.WriteString(value);
        return this;
    }

    public HspisWriter End()
    {
        _writer.WriteEndElement();
        return this;
    }

    public LegacyResponse Finish(int status)
    {
        _writer.WriteEndElement();
        _writer.WriteEndDocument();
        _writer.Flush();
        return new LegacyResponse(status, ContentType, _stream.ToArray());
    }

    public void Dispose()
    {
        _writer.Dispose();
        _stream.Dispose();
    }

    /// <summary>A message-level fault: the root <c>Fault</c> element alone.</summary>
    public static LegacyResponse MessageFault(int status, string code, string element, string text)
    {
        using var writer = new HspisWriter("Fault");
        writer._writer.WriteAttributeString("code", code);
        writer._writer.WriteAttributeString("element", element);
        writer._writer.WriteString(text);
        return writer.Finish(status);
    }
}
