using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Interop.Conformance.Deployment;

/// <summary>The legacy format a route answers in, which decides how a refusal is recognised.</summary>
public enum LegacyFormat
{
    /// <summary>H-SPIS: XML, refusals are <c>&lt;Fault code="E4xx"&gt;</c> with the gateway-error HTTP status.</summary>
    Hspis,

    /// <summary>PMRS: JSON, refusals are the envelope <c>{"success": false, "http_code": 401, ...}</c>.</summary>
    Pmrs,
}

/// <summary>A member's sample request on one route: what the deployment checks send, sign, tamper with and repeat.</summary>
public sealed partial record SampleRequest
{
    /// <summary>Where the sample came from (a file), as the reports name it.</summary>
    public required string Source { get; init; }

    /// <summary>The route's legacy format.</summary>
    public required LegacyFormat Format { get; init; }

    /// <summary>The HTTP method. Default <c>POST</c>.</summary>
    public string Method { get; init; } = "POST";

    /// <summary>The path and query, e.g. <c>/hspis/ws/member</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The body's media type.</summary>
    public required string ContentType { get; init; }

    /// <summary>The body as the member sends it.</summary>
    public required string Body { get; init; }

    /// <summary>Other headers the route needs (e.g. <c>X-Facility-Code</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the body has a message id that makes it a new message (an H-SPIS <c>MessageId</c>).</summary>
    public bool HasMessageId => MessageIdElement().IsMatch(Body);

    /// <summary>
    /// Reads a sample request file: <c>.xml</c> is H-SPIS (the path follows from the root element), <c>.json</c> is PMRS
    /// (give the path). Anything given explicitly wins.
    /// </summary>
    /// <param name="file">The sample request.</param>
    /// <param name="path">The path and query; default for H-SPIS: <c>/hspis/ws/&lt;operation&gt;</c> from the root element.</param>
    /// <param name="format">The format; default from the file's extension.</param>
    /// <param name="contentType">The media type; default <c>application/xml</c> (H-SPIS) or <c>application/json</c> (PMRS).</param>
    /// <param name="headers">Other headers to send.</param>
    /// <returns>The sample.</returns>
    /// <exception cref="ArgumentException">The file is missing, the format cannot be told, or a PMRS sample has no path.</exception>
    public static SampleRequest Load(string file, string? path = null, LegacyFormat? format = null, string? contentType = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        if (!File.Exists(file))
        {
            throw new ArgumentException($"The sample request '{file}' does not exist.", nameof(file));
        }

        var body = File.ReadAllText(file, Encoding.UTF8);
        var kind = format ?? System.IO.Path.GetExtension(file).ToUpperInvariant() switch
        {
            ".XML" => LegacyFormat.Hspis,
            ".JSON" => LegacyFormat.Pmrs,
            _ => throw new ArgumentException($"Cannot tell the format of '{file}' from its extension: give --format hspis or pmrs.", nameof(format)),
        };
        return new SampleRequest
        {
            Source = file,
            Format = kind,
            Path = path ?? (kind == LegacyFormat.Hspis ? HspisPath(body) : throw new ArgumentException("A PMRS sample needs its route's path (--path), e.g. /api/v1/external/visits.", nameof(path))),
            ContentType = contentType ?? (kind == LegacyFormat.Hspis ? "application/xml" : "application/json"),
            Body = body,
            Headers = headers ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
        };
    }

    /// <summary>The body as a new message: its H-SPIS <c>MessageId</c> replaced by <paramref name="messageId"/> (a fresh one by default).</summary>
    /// <param name="messageId">The message id to send.</param>
    /// <returns>The body.</returns>
    public string Fresh(string? messageId = null)
    {
        var id = messageId ?? NewMessageId();
        return MessageIdElement().Replace(Body, m => m.Groups["open"].Value + id + m.Groups["close"].Value, 1);
    }

    /// <summary>A new message id: 36 characters, as H-SPIS allows.</summary>
    /// <returns>The id.</returns>
    public static string NewMessageId() => "dep-" + Guid.NewGuid().ToString("N");

    private static string HspisPath(string body)
    {
        string root;
        try
        {
            root = XDocument.Parse(body).Root!.Name.LocalName;
        }
        catch (XmlException e)
        {
            throw new ArgumentException("The H-SPIS sample is not well-formed XML: " + e.Message, nameof(body), e);
        }

        return root switch
        {
            "EligibilityRequest" => "/hspis/ws/eligibility",
            "ClaimBatch" => "/hspis/ws/claims",
            "ClaimStatusRequest" => "/hspis/ws/claim-status",
            _ => "/hspis/ws/member",
        };
    }

    [GeneratedRegex(@"(?<open><(?:\w+:)?MessageId>)[^<]*(?<close></(?:\w+:)?MessageId>)")]
    private static partial Regex MessageIdElement();
}
