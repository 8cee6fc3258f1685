using Hl7.Fhir.Model;
using Interop.Adapters.Pmrs.Authentication;
using Interop.Adapters.Pmrs.Beneficiaries;
using Interop.Adapters.Pmrs.Json;
using Interop.Adapters.Pmrs.Registration;
using Interop.Adapters.Pmrs.StandardData;
using Interop.Adapters.Pmrs.Visits;
using Interop.Adapters.Pmrs.VisitStatus;
using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;
using Interop.Contracts.Standards;
using Microsoft.Extensions.Options;

namespace Interop.Adapters.Pmrs;

/// <summary>
/// The PMRS adapter: PMRS2's EMR API (OAuth token, standard data, beneficiary search, visit submission, visit status)
/// mapped to the FHIR standards and back, answering in PMRS's envelope and field-error map.
/// Stateless and thread-safe: one instance serves every request.
/// </summary>
public sealed class PmrsAdapter : ILegacyAdapter
{
    /// <summary>The adapter id in the manifest.</summary>
    public const string AdapterId = "pmrs";

    private readonly PmrsAdapterOptions _options;
    private readonly PmrsStandards _standards;
    private readonly VisitMapper _visits;
    private readonly BeneficiarySearch _beneficiaries;
    private readonly StandardDataList _standardData;
    private readonly VisitStatusQuery _status;

    /// <summary>Creates the adapter over the standards.</summary>
    public PmrsAdapter(IOptions<PmrsAdapterOptions> options, ITerminology terminology, IIdentifierSystems identifiers, ITariff tariff)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _standards = new PmrsStandards(terminology, identifiers);
        _visits = new VisitMapper(_standards, tariff, _options);
        _beneficiaries = new BeneficiarySearch(_standards);
        _standardData = new StandardDataList(terminology, _options);
        _status = new VisitStatusQuery(_standards);
        Manifest = new AdapterManifest
        {
            Id = AdapterId,
            Version = "1.0.0",
            OperatorSystem = _options.OperatorSystem,
            DisplayName = "PMRS2 EMR API (Health Equity Fund)",
            Routes =
            [
                new LegacyRoute
                {
                    Operation = Operations.Token,
                    Method = "POST",
                    PathTemplate = "/oauth/token",
                    Flow = InteropFlow.Authentication,
                    RequestContentTypes = ["application/x-www-form-urlencoded"],
                    MaxRequestBytes = TokenRequest.MaxBytes,
                },
                new LegacyRoute
                {
                    Operation = Operations.StandardData,
                    Method = "GET",
                    PathTemplate = "/api/v1/external/common/standard-data",
                    Flow = InteropFlow.ReferenceData,
                },
                new LegacyRoute
                {
                    Operation = Operations.BeneficiarySearch,
                    Method = "GET",
                    PathTemplate = "/api/v1/external/beneficiary/search",
                    Flow = InteropFlow.Eligibility,
                    Authentication = LegacyAuthentication.BearerToken,
                },
                new LegacyRoute
                {
                    Operation = Operations.VisitSubmit,
                    Method = "POST",
                    PathTemplate = "/api/v1/external/visits",
                    Flow = InteropFlow.Claim,
                    RequestContentTypes = ["application/json"],
                    Authentication = LegacyAuthentication.BearerToken,
                    MaxRequestBytes = _options.MaxVisitBytes,
                },
                new LegacyRoute
                {
                    Operation = Operations.VisitStatus,
                    Method = "GET",
                    PathTemplate = "/api/v1/external/visits/{visit_code}/status",
                    Flow = InteropFlow.ClaimStatus,
                    Authentication = LegacyAuthentication.BearerToken,
                },
            ],
        };
    }

    /// <inheritdoc />
    public AdapterManifest Manifest { get; }

    /// <inheritdoc />
    public ValueTask<InboundMapping> MapRequestAsync(LegacyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mapping = request.Operation switch
        {
            Operations.Token => TokenRequest.Map(request),
            Operations.StandardData => _standardData.Map(request),
            Operations.BeneficiarySearch => _beneficiaries.Map(request),
            Operations.VisitSubmit => _visits.Map(request),
            Operations.VisitStatus => _status.Map(request),
            _ => InboundMapping.Refused(new FieldError("path", "invalid-value", "The PMRS adapter does not serve this operation.", request.Operation)),
        };
        return ValueTask.FromResult(mapping);
    }

    /// <inheritdoc />
    public LegacyResponse MapResponse(FhirExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        if (!exchange.Mapping.IsAccepted)
        {
            return Refusal(exchange.Mapping.MessageErrors);
        }

        if (exchange.Outcomes.Count == 0)
        {
            return PmrsEnvelope.Failure(500, "The gateway answered nothing for this request; retry later.", null);
        }

        var outcome = exchange.Outcomes[0];
        var errors = outcome.Item.Errors.Concat(outcome.Errors).ToList();
        if (errors.Count > 0)
        {
            return Refusal(errors);
        }

        return exchange.Request.Operation switch
        {
            Operations.Token => TokenRequest.Answer(outcome),
            Operations.StandardData => _standardData.Answer(exchange.Request),
            Operations.BeneficiarySearch => _beneficiaries.Answer(exchange.Request, outcome),
            Operations.VisitSubmit => VisitAnswer(outcome),
            Operations.VisitStatus => _status.Answer(outcome),
            _ => PmrsEnvelope.Failure(404, "Not found.", null),
        };
    }

    /// <inheritdoc />
    public LegacyResponse RenderError(LegacyRequest request, GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.HttpStatus is 503 or 504 or 500 && !error.Message.Contains("retry", StringComparison.OrdinalIgnoreCase)
            ? error.Message + " Retry later."
            : error.Message;
        return PmrsEnvelope.Failure(error.HttpStatus, message, error.Fields);
    }

    /// <summary>An upstream that failed (unreachable, 5xx, or an answer that is not FHIR) as PMRS's error envelope.</summary>
    internal static LegacyResponse UpstreamFailure(FhirAnswer answer) => answer.Status switch
    {
        0 or 503 => PmrsEnvelope.Failure(503, "The service is unavailable; retry later.", null),
        504 => PmrsEnvelope.Failure(504, "The service did not answer in time; retry later.", null),
        >= 400 and < 500 => PmrsEnvelope.Failure(422, PmrsEnvelope.InvalidMessage, Issues(answer.Resource as OperationOutcome)),
        _ => PmrsEnvelope.Failure(502, "The service answered something the gateway could not understand; retry later.", null),
    };

    private static IEnumerable<FieldError> Issues(OperationOutcome? outcome) =>
        outcome?.Issue.Select(i => new FieldError(
            i.Expression.FirstOrDefault() ?? "visit",
            i.Details?.Coding.FirstOrDefault()?.Code ?? "invalid-value",
            i.Details?.Text ?? i.Diagnostics ?? "Refused by the receiving system.")) ?? [new FieldError("visit", "invalid-value", "Refused by the receiving system.")];

    private LegacyResponse Refusal(IReadOnlyList<FieldError> errors)
    {
        var status = _standards.HttpStatus(errors[0].Code);
        return PmrsEnvelope.Failure(status, status == 422 ? PmrsEnvelope.InvalidMessage : errors[0].Reason, errors);
    }

    private LegacyResponse VisitAnswer(ItemOutcome outcome)
    {
        foreach (var interaction in outcome.Item.Interactions)
        {
            if (outcome.AnswerFor(interaction.Purpose) is { IsSuccess: false } failed)
            {
                return UpstreamFailure(failed);
            }
        }

        var registered = outcome.AnswerFor("register")?.Resource as Parameters;
        var patient = registered?.Parameter.FirstOrDefault(p => p.Name == "patient")?.Resource as Patient
            ?? outcome.AnswerFor("register")?.Resource as Patient;
        var spid = patient?.Identifier.FirstOrDefault(i => i.System == PmrsStandards.SpidSystem)?.Value
            ?? (outcome.Item.Interactions.FirstOrDefault()?.Resource as Patient)?.Identifier.FirstOrDefault(i => i.System == PmrsStandards.SpidSystem)?.Value;
        var member = outcome.Item.Interactions.FirstOrDefault(i => i.Destination == Destination.Operator)?.Operator;
        var routedTo = member is null ? null : _options.RoutedToNames.GetValueOrDefault(member, member);
        var status = outcome.AnswerFor("claim-submit")?.Resource is ClaimResponse response
            ? _standards.Terminology.Translate("claim-status-to-pmrs-visit-status", VisitStatusQuery.ClaimStatus(response)).Code ?? "received"
            : "received";
        return PmrsEnvelope.Success(202, "Visit received", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("visit_code", outcome.Item.Key);
            writer.WriteString("spid", spid);
            writer.WriteString("status", status);
            writer.WriteString("routed_to", routedTo);
            writer.WriteEndObject();
        });
    }

    /// <summary>The operations of the manifest's routes.</summary>
    internal static class Operations
    {
        public const string Token = "token";
        public const string StandardData = "standard-data";
        public const string BeneficiarySearch = "beneficiary-search";
        public const string VisitSubmit = "visit-submit";
        public const string VisitStatus = "visit-status";
    }
}
