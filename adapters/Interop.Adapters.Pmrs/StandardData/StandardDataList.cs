using System.Globalization;
using Interop.Adapters.Pmrs.Json;
using Interop.Adapters.Pmrs.Registration;
using Interop.Contracts.Mapping;
using Interop.Contracts.Standards;

namespace Interop.Adapters.Pmrs.StandardData;

/// <summary>
/// <c>GET /api/v1/external/common/standard-data?type=&amp;per_page=&amp;page=&amp;query=</c>: the PMRS code lists, served
/// from the standards' <c>pmrs-*</c> CodeSystems (so the lists and the mappings never disagree), paged as PMRS2 publishes.
/// </summary>
internal sealed class StandardDataList(ITerminology terminology, PmrsAdapterOptions options)
{
    public const int DefaultPerPage = 50;

    /// <summary>
    /// The published list names and the CodeSystem each is served from. Lists whose codes are not in
    /// <c>standards/</c> (nationalities, diagnoses, health facilities, medications) are served empty.
    /// </summary>
    private static readonly Dictionary<string, string?> Lists = new(StringComparer.Ordinal)
    {
        ["marital_statuses"] = "pmrs-marital-status",
        ["admission_types"] = "pmrs-admission-type",
        ["visit_types"] = "pmrs-visit-type",
        ["discharge_types"] = "pmrs-discharge-type",
        ["visit_outcomes"] = "pmrs-visit-outcome",
        ["diagnosis_types"] = "pmrs-diagnosis-type",
        ["payment_types"] = "pmrs-payment-type",
        ["card_types"] = "pmrs-card-type",
        ["nationalities"] = null,
        ["diagnoses"] = null,
        ["health_facilities"] = null,
        ["medications"] = null,
    };

    private static readonly string[] KnownParameters = ["type", "per_page", "page", "query"];

    public InboundMapping Map(LegacyRequest request)
    {
        var errors = Read(request, out _, out _, out _, out _).ToList();
        return new InboundMapping
        {
            Items = [new MappedItem { Key = "standard-data", Errors = errors }],
            UnmappedFields = [.. request.Query.Keys.Where(k => Array.IndexOf(KnownParameters, k) < 0).Order(StringComparer.Ordinal)],
        };
    }

    public LegacyResponse Answer(LegacyRequest request)
    {
        var errors = Read(request, out var codeSystem, out var perPage, out var page, out var query).ToList();
        if (errors.Count > 0)
        {
            return PmrsEnvelope.Failure(422, PmrsEnvelope.InvalidMessage, errors);
        }

        var concepts = (codeSystem is null ? [] : terminology.Concepts(codeSystem))
            .Where(c => query is null
                || c.Code.Contains(query, StringComparison.OrdinalIgnoreCase)
                || (c.Display?.Contains(query, StringComparison.OrdinalIgnoreCase) ?? false))
            .ToList();
        var lastPage = Math.Max(1, (concepts.Count + perPage - 1) / perPage);
        return PmrsEnvelope.Success(200, "Data retrieved successfully", writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("current_page", page);
            writer.WriteNumber("per_page", perPage);
            writer.WriteNumber("total", concepts.Count);
            writer.WriteNumber("last_page", lastPage);
            writer.WriteStartArray("data");
            foreach (var concept in concepts.Skip((page - 1) * perPage).Take(perPage))
            {
                writer.WriteStartObject();
                writer.WriteString("code", concept.Code);
                writer.WriteString("name", concept.Display);
                writer.WriteString("description", concept.Definition);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private IEnumerable<FieldError> Read(LegacyRequest request, out string? codeSystem, out int perPage, out int page, out string? query)
    {
        var errors = new List<FieldError>();
        codeSystem = null;
        var type = request.QueryValue("type")?.Trim();
        if (string.IsNullOrEmpty(type))
        {
            errors.Add(new FieldError("type", "missing-value", "The type is required."));
        }
        else if (!Lists.TryGetValue(type, out codeSystem))
        {
            errors.Add(new FieldError("type", "unknown-code", "The type must be one of " + string.Join(", ", Lists.Keys) + ".", type));
        }

        perPage = Whole(request, "per_page", DefaultPerPage, options.MaxPerPage, errors);
        page = Whole(request, "page", 1, int.MaxValue / Math.Max(1, perPage), errors);
        query = request.QueryValue("query")?.Trim() is { Length: > 0 } q ? q : null;
        return errors;
    }

    private static int Whole(LegacyRequest request, string name, int absent, int maximum, List<FieldError> errors)
    {
        var text = request.QueryValue(name);
        if (string.IsNullOrEmpty(text))
        {
            return absent;
        }

        if (!int.TryParse(LegacyText.AsciiDigits(text), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > maximum)
        {
            errors.Add(new FieldError(name, "invalid-value", string.Create(CultureInfo.InvariantCulture, $"The {name.Replace('_', ' ')} must be a whole number from 1 to {maximum}."), text));
            return absent;
        }

        return value;
    }
}
