using System.Text;
using Hl7.Fhir.Model;
using Interop.Adapters.Pmrs.Json;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Pmrs.Authentication;

/// <summary>
/// <c>POST /oauth/token</c> (OAuth 2.0 password and refresh-token grants, form encoded). The gateway issues tokens;
/// the adapter checks the form and renders the answer and the errors in PMRS's shapes. Values are never echoed.
/// </summary>
internal static class TokenRequest
{
    public const string Purpose = "token";
    public const int MaxBytes = 16 * 1024;

    private static readonly string[] PasswordFields = ["username", "password", "client_id", "client_secret"];
    private static readonly string[] RefreshFields = ["refresh_token", "client_id", "client_secret"];

    public static InboundMapping Map(LegacyRequest request)
    {
        if (request.Body.Length > MaxBytes)
        {
            return InboundMapping.Refused(new FieldError(BodyParser.BodyPath, "body-too-large", $"The body is larger than {MaxBytes} bytes."));
        }

        var form = Parse(request.Body.Span);
        var errors = new List<FieldError>();
        var grant = form.GetValueOrDefault("grant_type");
        string[] required = grant switch
        {
            "password" => PasswordFields,
            "refresh_token" => RefreshFields,
            _ => [],
        };
        if (string.IsNullOrEmpty(grant))
        {
            errors.Add(new FieldError("grant_type", "missing-value", "The grant_type is required (password or refresh_token)."));
        }
        else if (required.Length == 0)
        {
            errors.Add(new FieldError("grant_type", "unknown-code", "The grant_type must be password or refresh_token."));
        }

        errors.AddRange(required.Where(f => string.IsNullOrEmpty(form.GetValueOrDefault(f)))
            .Select(f => new FieldError(f, "missing-value", $"The {f} is required.")));
        var known = required.Append("grant_type").ToArray();
        return new InboundMapping
        {
            Items = [new MappedItem { Key = "token", Errors = errors }],
            UnmappedFields = [.. form.Keys.Where(k => Array.IndexOf(known, k) < 0).Order(StringComparer.Ordinal)],
        };
    }

    /// <summary>
    /// The token answer, from the gateway's <c>token</c> answer: a <c>Parameters</c> with <c>access_token</c>,
    /// <c>refresh_token</c> and <c>expires_in</c>. Without it the caller is not authenticated (401).
    /// </summary>
    public static LegacyResponse Answer(ItemOutcome outcome)
    {
        if (outcome.AnswerFor(Purpose) is not { IsSuccess: true, Resource: Parameters token }
            || token.GetSingleValue<FhirString>("access_token")?.Value is not { } access)
        {
            return PmrsEnvelope.Failure(401, "The credentials are not valid.", null);
        }

        return PmrsEnvelope.Raw(200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("access_token", access);
            writer.WriteString("refresh_token", token.GetSingleValue<FhirString>("refresh_token")?.Value);
            writer.WriteString("token_type", "Bearer");
            writer.WriteNumber("expires_in", token.GetSingleValue<Integer>("expires_in")?.Value ?? 172800);
            writer.WriteEndObject();
        });
    }

    private static Dictionary<string, string> Parse(ReadOnlySpan<byte> body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = Encoding.UTF8.GetString(body);
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..]);
            form.TryAdd(name, value);
        }

        return form;
    }

    private static string Decode(string value)
    {
        var plus = value.Replace('+', ' ');
        // A malformed escape stays as sent: Uri.UnescapeDataString leaves what it cannot decode.
        return Uri.UnescapeDataString(plus);
    }
}
