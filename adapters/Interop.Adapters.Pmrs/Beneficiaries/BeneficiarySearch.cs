using Hl7.Fhir.Model;
using Interop.Adapters.Pmrs.Json;
using Interop.Contracts.Mapping;
using Interop.Contracts.Standards;

namespace Interop.Adapters.Pmrs.Beneficiaries;

/// <summary>
/// <c>GET /api/v1/external/beneficiary/search</c> (<c>?card_type=&amp;card_number=</c> or <c>?spid=</c>): the first
/// interaction of the Eligibility flow is a <c>pix-query</c> to the registry; the gateway then asks each linked operator
/// (<c>eligibility</c>) and hands every answer back, from which <see cref="Answer"/> builds the merged PMRS answer.
/// </summary>
internal sealed class BeneficiarySearch(PmrsStandards standards)
{
    public const string PixPurpose = "pix-query";
    public const string EligibilityPurpose = "eligibility";

    private static readonly string[] KnownParameters = ["card_type", "card_number", "spid"];

    public InboundMapping Map(LegacyRequest request)
    {
        var reader = new FieldReader();
        var spid = request.QueryValue("spid")?.Trim();
        var cardType = request.QueryValue("card_type")?.Trim();
        var cardNumber = request.QueryValue("card_number")?.Trim();
        string? system = null;
        string? value = null;
        if (!string.IsNullOrEmpty(spid))
        {
            if (!string.IsNullOrEmpty(cardType) || !string.IsNullOrEmpty(cardNumber))
            {
                reader.Error("spid", "inconsistent-values", "Search by spid or by card_type and card_number, not both.");
            }

            (system, value) = (PmrsStandards.SpidSystem, Check(reader, "spid", PmrsStandards.SpidSystem, spid, "SPID"));
        }
        else if (string.IsNullOrEmpty(cardType) && string.IsNullOrEmpty(cardNumber))
        {
            reader.Error("card_number", "missing-value", "Give card_type and card_number, or spid.");
        }
        else
        {
            if (string.IsNullOrEmpty(cardType))
            {
                reader.Error("card_type", "missing-value", "The card type is required with a card number.");
            }
            else if ((system = standards.CardSystem(cardType)) is null)
            {
                reader.Error("card_type", "unknown-code", "The card type must be CARD-HEF, CARD-NSSF or CARD-NID.", cardType);
            }

            if (string.IsNullOrEmpty(cardNumber))
            {
                reader.Error("card_number", "missing-value", "The card number is required.");
            }
            else if (system is not null)
            {
                value = Check(reader, "card_number", system, cardNumber, "card number");
            }
        }

        var unmapped = request.Query.Keys.Where(k => Array.IndexOf(KnownParameters, k) < 0).Order(StringComparer.Ordinal).ToList();
        if (reader.Errors.Count > 0 || system is null || value is null)
        {
            return new InboundMapping { Items = [new MappedItem { Key = "beneficiary", Errors = reader.Errors }], UnmappedFields = unmapped };
        }

        return new InboundMapping
        {
            Items =
            [
                new MappedItem
                {
                    Key = "beneficiary",
                    Interactions =
                    [
                        new FhirInteraction
                        {
                            Purpose = PixPurpose,
                            Destination = Destination.Registry,
                            Verb = FhirVerb.Get,
                            Url = $"Patient/$ihe-pix?sourceIdentifier={system}|{value}",
                            PolicyInteraction = "pix-query",
                        },
                    ],
                },
            ],
            UnmappedFields = unmapped,
        };
    }

    /// <summary>The merged answer: the SPID from the registry, one card per coverage an operator answered for.</summary>
    public LegacyResponse Answer(LegacyRequest request, ItemOutcome outcome)
    {
        var searchedField = string.IsNullOrEmpty(request.QueryValue("spid")) ? "card_number" : "spid";
        var pix = outcome.AnswerFor(PixPurpose);
        if (pix is null || pix.Status == 404)
        {
            return PmrsEnvelope.Failure(404, "Beneficiary not found", [new FieldError(searchedField, "unknown-person", "No beneficiary is known with this identifier.")]);
        }

        if (!pix.IsSuccess || pix.Resource is not Parameters linked)
        {
            return PmrsAdapter.UpstreamFailure(pix);
        }

        // A scheme that could not answer might be the one that covers the person: a partial list could send the
        // facility to bill the wrong scheme, so the caller retries instead.
        if (outcome.Answers.FirstOrDefault(a => a.Purpose.StartsWith(EligibilityPurpose, StringComparison.Ordinal) && a.Status is 0 or >= 500) is { } failed)
        {
            return PmrsAdapter.UpstreamFailure(failed);
        }

        var spid = linked.Parameter
            .Where(p => p.Name == "targetIdentifier")
            .Select(p => p.Value as Identifier)
            .FirstOrDefault(i => i?.System == PmrsStandards.SpidSystem)?.Value;
        var person = outcome.Answers.Select(a => a.Resource).OfType<Patient>().FirstOrDefault();
        var cards = new List<Card>();
        foreach (var answer in outcome.Answers.Where(a => a.IsSuccess && a.Purpose.StartsWith(EligibilityPurpose, StringComparison.Ordinal)))
        {
            if (answer.Resource is CoverageEligibilityResponse response)
            {
                cards.AddRange(Cards(response).Where(c => !cards.Exists(k => k.Type == c.Type && k.Number == c.Number)));
            }
        }

        return PmrsEnvelope.Success(200, "Beneficiary found", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("spid", spid);
            writer.WritePropertyName("patient");
            if (person is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                var khmer = person.Name.FirstOrDefault(n => n.GetExtensionValue<Code>(PmrsStandards.ProfileBase + "name-script")?.Value == "Khmr") ?? person.Name.FirstOrDefault();
                writer.WriteStartObject();
                writer.WriteString("surname", khmer?.Family);
                writer.WriteString("name", khmer?.Given.FirstOrDefault());
                writer.WriteString("sex", person.Gender switch { AdministrativeGender.Male => "M", AdministrativeGender.Female => "F", _ => null });
                writer.WriteString("birthdate", person.BirthDate);
                writer.WriteEndObject();
            }

            writer.WriteStartArray("cards");
            foreach (var card in cards)
            {
                writer.WriteStartObject();
                writer.WriteString("card_type", card.Type);
                writer.WriteString("card_number", card.Number);
                writer.WriteString("payment_type", card.PaymentType);
                writer.WriteString("status", card.Active ? "active" : "inactive");
                writer.WriteString("valid_from", card.From);
                writer.WriteString("valid_to", card.To);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private string? Check(FieldReader reader, string field, string system, string text, string label)
    {
        var value = LegacyText.Identifier(text);
        switch (standards.Identifiers.Check(system, value))
        {
            case IdentifierCheck.Valid:
                return value;
            case IdentifierCheck.InvalidCheckDigit:
                reader.Error(field, "invalid-check-digit", $"The {label} has a wrong check digit.", text);
                return null;
            default:
                reader.Error(field, "invalid-format", $"The {label} does not have the format of a {label}.", text);
                return null;
        }
    }

    private IEnumerable<Card> Cards(CoverageEligibilityResponse response)
    {
        foreach (var insurance in response.Insurance)
        {
            var reference = insurance.Coverage;
            var contained = reference?.Reference is { } local && local.StartsWith('#')
                ? response.Contained.OfType<Coverage>().FirstOrDefault(c => "#" + c.Id == local)
                : null;
            var identifier = reference?.Identifier ?? contained?.Identifier.FirstOrDefault();
            var type = identifier?.System is { } system ? standards.CardType(system) : null;
            if (type is null || identifier?.Value is null)
            {
                continue;
            }

            var period = insurance.BenefitPeriod ?? contained?.Period;
            var payment = standards.Terminology.Translate("pmrs-card-type-to-pmrs-payment-type", type);
            yield return new Card(type, identifier.Value, payment.IsMatch ? payment.Code : null, insurance.Inforce == true, Date(period?.Start), Date(period?.End));
        }
    }

    private static string? Date(string? fhirDateTime) => fhirDateTime is { Length: >= 10 } ? fhirDateTime[..10] : fhirDateTime;

    private sealed record Card(string Type, string Number, string? PaymentType, bool Active, string? From, string? To);
}
