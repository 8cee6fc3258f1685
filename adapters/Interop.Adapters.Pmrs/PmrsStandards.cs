using Interop.Contracts.Standards;

namespace Interop.Adapters.Pmrs;

/// <summary>
/// What the adapter reads from <c>standards/</c>, resolved once: card types to identifier systems (and back),
/// schemes to operators, gateway-error codes to HTTP statuses. Every table comes from a CodeSystem or ConceptMap.
/// </summary>
internal sealed class PmrsStandards
{
    public const string Base = "https://fhir.nspc.gov.kh/";
    public const string Sid = Base + "sid/";
    public const string CodeSystemBase = Base + "CodeSystem/";
    public const string ProfileBase = Base + "StructureDefinition/";
    public const string SpidSystem = Sid + "spid";
    public const string PatientCodeSystem = Sid + "pmrs-patient-code";
    public const string VisitCodeSystem = Sid + "pmrs-visit-code";
    public const string InvoiceCodeSystem = Sid + "pmrs-invoice-code";
    public const string FacilitySystem = Sid + "moh-facility-code";
    public const string VillageSystem = Sid + "gazetteer-village";
    public const string Icd10System = "http://hl7.org/fhir/sid/icd-10";

    private readonly Dictionary<string, string> _cardSystems = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _cardTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _schemeOperators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _cardSchemes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _errorStatus = new(StringComparer.Ordinal);

    public PmrsStandards(ITerminology terminology, IIdentifierSystems identifiers)
    {
        Terminology = terminology;
        Identifiers = identifiers;
        var namingSystems = terminology.Concepts("identifier-type")
            .Where(c => c.Properties.ContainsKey("naming-system"))
            .ToDictionary(c => c.Code, c => c.Properties["naming-system"], StringComparer.Ordinal);
        foreach (var card in terminology.Concepts("pmrs-card-type"))
        {
            var type = terminology.Translate("pmrs-card-type-to-identifier-type", card.Code);
            if (type is { IsMatch: true, Code: { } code } && namingSystems.TryGetValue(code, out var system))
            {
                _cardSystems[card.Code] = system;
                _cardTypes[system] = card.Code;
                if (terminology.Translate("pmrs-card-type-to-pmrs-payment-type", card.Code) is { IsMatch: true, Code: { } payment }
                    && terminology.Translate("pmrs-payment-type-to-scheme", payment) is { IsMatch: true, Code: { } scheme })
                {
                    _cardSchemes[system] = scheme;
                }
            }
        }

        foreach (var scheme in terminology.Concepts("scheme"))
        {
            if (scheme.Properties.TryGetValue("operator", out var member))
            {
                _schemeOperators[scheme.Code] = member;
            }
        }

        foreach (var error in terminology.Concepts("gateway-error"))
        {
            if (error.Properties.TryGetValue("http-status", out var status) && int.TryParse(status, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                _errorStatus[error.Code] = value;
            }
        }

        ClaimOperators = [.. _schemeOperators.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public ITerminology Terminology { get; }

    public IIdentifierSystems Identifiers { get; }

    /// <summary>Every operator that runs a scheme, in a stable order.</summary>
    public IReadOnlyList<string> ClaimOperators { get; }

    public string? CardSystem(string cardType) => _cardSystems.GetValueOrDefault(cardType);

    public string? CardType(string system) => _cardTypes.GetValueOrDefault(system);

    /// <summary>The scheme a card of this identifier system entitles to (HEF for an equity card), or <see langword="null"/>.</summary>
    public string? CardScheme(string system) => _cardSchemes.GetValueOrDefault(system);

    public string? SchemeOperator(string scheme) => _schemeOperators.GetValueOrDefault(scheme);

    /// <summary>The HTTP status of a gateway-error code (422 when unknown).</summary>
    public int HttpStatus(string code) => _errorStatus.GetValueOrDefault(code, 422);

    public static string CodeSystem(string id) => CodeSystemBase + id;

    public static string Profile(string id) => ProfileBase + id;
}
