using System.Text.Json;
using System.Text.Unicode;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Pmrs.Json;

/// <summary>Reads a request body as JSON without ever throwing: too large, not JSON, too deep are field errors.</summary>
internal static class BodyParser
{
    public const string BodyPath = "body";

    public static JsonDocument? Parse(ReadOnlyMemory<byte> body, int maxBytes, int maxDepth, out FieldError? error)
    {
        error = null;
        if (body.Length > maxBytes)
        {
            error = new FieldError(BodyPath, "body-too-large", $"The body is larger than {maxBytes} bytes.");
            return null;
        }

        if (body.IsEmpty)
        {
            error = new FieldError(BodyPath, "message-not-well-formed", "The body is empty; a JSON object is expected.");
            return null;
        }

        if (!Utf8.IsValid(body.Span))
        {
            error = new FieldError(BodyPath, "message-not-well-formed", "The body is not valid UTF-8 text.");
            return null;
        }

        // A first pass with a reader tells a document nested too deeply from one that is not JSON at all,
        // and decodes every escaped string once, so an escape that is not valid text (a lone surrogate) is found here.
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = maxDepth });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (InvalidOperationException)
        {
            error = new FieldError(BodyPath, "message-not-well-formed", "The body holds a string that is not valid text.");
            return null;
        }
        catch (JsonException)
        {
            error = reader.CurrentDepth >= maxDepth - 1
                ? new FieldError(BodyPath, "too-deeply-nested", $"The body nests deeper than {maxDepth} levels.")
                : new FieldError(BodyPath, "message-not-well-formed", "The body is not well-formed JSON.");
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = maxDepth });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                error = new FieldError(BodyPath, "message-not-well-formed", "The body must be a JSON object.");
                return null;
            }

            return document;
        }
        catch (JsonException)
        {
            error = new FieldError(BodyPath, "message-not-well-formed", "The body is not well-formed JSON.");
            return null;
        }
    }
}
