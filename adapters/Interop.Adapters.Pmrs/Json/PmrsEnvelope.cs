using System.Text.Encodings.Web;
using System.Text.Json;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Pmrs.Json;

/// <summary>
/// The PMRS answer envelope: <c>{"success", "http_code", "message", "data"}</c>, and for errors
/// <c>{"success": false, "http_code", "message", "errors": {"dot.path": ["reason", ...]}}</c>.
/// </summary>
internal static class PmrsEnvelope
{
    public const string ContentType = "application/json; charset=utf-8";
    public const string InvalidMessage = "The given data was invalid.";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Khmer names stay readable; the JSON stays valid and safe (no HTML context).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static LegacyResponse Success(int status, string message, Action<Utf8JsonWriter> data) =>
        Write(status, writer =>
        {
            writer.WriteBoolean("success", true);
            writer.WriteNumber("http_code", status);
            writer.WriteString("message", message);
            writer.WritePropertyName("data");
            data(writer);
        });

    public static LegacyResponse Failure(int status, string message, IEnumerable<FieldError>? errors) =>
        Write(status, writer =>
        {
            writer.WriteBoolean("success", false);
            writer.WriteNumber("http_code", status);
            writer.WriteString("message", message);
            var list = errors?.ToList() ?? [];
            if (list.Count > 0)
            {
                writer.WriteStartObject("errors");
                foreach (var group in list.GroupBy(e => e.Path, StringComparer.Ordinal))
                {
                    writer.WriteStartArray(group.Key);
                    foreach (var error in group)
                    {
                        writer.WriteStringValue(error.Reason);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }
        });

    public static LegacyResponse Raw(int status, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            body(writer);
        }

        return new LegacyResponse(status, ContentType, stream.ToArray());
    }

    private static LegacyResponse Write(int status, Action<Utf8JsonWriter> body) =>
        Raw(status, writer =>
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        });
}
