using System.Xml.Linq;
using Interop.Adapters.Hspis.Mapping;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Hspis.Xml;

/// <summary>An H-SPIS message whose structure and <c>Header</c> were read: the root element and the header fields.</summary>
internal sealed record HspisMessage(XElement Root, string SenderCode, string MessageId, DateTimeOffset SentAt, decimal? ExchangeRate)
{
    private static readonly IReadOnlySet<string> HeaderFields = new HashSet<string>(StringComparer.Ordinal) { "SenderCode", "MessageId", "SentAt", "ExchangeRate" };

    /// <summary>
    /// Reads the message: well-formed XML within the limits, the expected root in the H-SPIS namespace, and a usable
    /// <c>Header</c>. Every problem found is returned (they refuse the whole message).
    /// </summary>
    public static HspisMessage? Read(ReadOnlyMemory<byte> body, string rootName, int maxBytes, int maxDepth, List<FieldError> errors, ISet<string>? unmapped = null)
    {
        var root = HspisXml.Parse(body, maxBytes, maxDepth, out var error);
        if (root is null)
        {
            errors.Add(error!);
            return null;
        }

        if (root.Name.Namespace != HspisXml.Ns)
        {
            errors.Add(new FieldError(root.Name.LocalName, "wrong-namespace", $"The elements must be in the namespace {HspisXml.Namespace}.", root.Name.NamespaceName));
            return null;
        }

        if (root.Name.LocalName != rootName)
        {
            errors.Add(new FieldError(rootName, "missing-element", $"This path expects a {rootName} message, not {root.Name.LocalName}.", root.Name.LocalName));
            return null;
        }

        var header = root.Element(HspisXml.Ns + "Header");
        if (header is null)
        {
            errors.Add(new FieldError("Header", "missing-header", "The message has no Header."));
            return null;
        }

        var scope = new ElementScope(header, "Header", errors);
        var senderCode = scope.Text("SenderCode");
        if (senderCode is null)
        {
            scope.Error("SenderCode", "missing-element", "SenderCode is missing");
        }

        // The interface's own example answers a missing MessageId with E100: the message cannot be identified at all.
        var messageId = scope.Text("MessageId");
        if (messageId is null)
        {
            scope.Error("MessageId", "message-not-well-formed", "MessageId is missing");
        }
        else if (messageId.Length > 36 || !messageId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
        {
            scope.Error("MessageId", "invalid-format", "MessageId is 1 to 36 letters, digits, dots, underscores, colons or dashes.", messageId);
        }

        var sentAtText = scope.Text("SentAt");
        DateTimeOffset sentAt = default;
        if (sentAtText is null)
        {
            scope.Error("SentAt", "missing-element", "SentAt is missing");
        }
        else if (!LegacyValues.TryDateTime(sentAtText, out sentAt))
        {
            scope.Error("SentAt", "invalid-format", "SentAt is yyyyMMddHHmmss in Cambodia time.", sentAtText);
        }

        decimal? rate = null;
        if (scope.Text("ExchangeRate") is { } rateText)
        {
            if (LegacyValues.TryRate(rateText, out var parsed))
            {
                rate = parsed;
            }
            else
            {
                scope.Error("ExchangeRate", "invalid-format", "ExchangeRate is the riel per dollar rate, a positive number.", rateText);
            }
        }

        if (unmapped is not null)
        {
            scope.CollectUnknown("Header", HeaderFields, unmapped);
        }

        return errors.Count > 0 ? null : new HspisMessage(root, senderCode!, messageId!, sentAt, rate);
    }

    /// <summary>The element tree again, for answering a request whose mapping already happened; <see langword="null"/> when unreadable.</summary>
    public static XElement? TryRoot(ReadOnlyMemory<byte> body, int maxBytes, int maxDepth) =>
        HspisXml.Parse(body, maxBytes, maxDepth, out _);

    public static string? MessageIdOf(XElement? root) =>
        root?.Element(HspisXml.Ns + "Header")?.Element(HspisXml.Ns + "MessageId")?.Value.Trim() is { Length: > 0 } id ? id : null;
}
