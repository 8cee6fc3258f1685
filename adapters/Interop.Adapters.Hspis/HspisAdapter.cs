using Interop.Adapters.Hspis.Answers;
using Interop.Adapters.Hspis.Mapping;
using Interop.Adapters.Hspis.Xml;
using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;
using Interop.Contracts.Standards;
using Microsoft.Extensions.Options;

namespace Interop.Adapters.Hspis;

/// <summary>
/// The H-SPIS adapter: the NSSF's namespaced XML interface (<c>urn:kh:nssf:hspis:2016</c>) mapped to the FHIR standards
/// and back: members to the registry and the NSSF, eligibility through the registry to every linked operator,
/// claim batches of up to 5,000 claims each standing alone, and claim status.
/// </summary>
public sealed class HspisAdapter : ILegacyAdapter
{
    private const string Xml = "application/xml";

    private readonly HspisOptions _options;
    private readonly MemberMapper _member;
    private readonly EligibilityMapper _eligibility;
    private readonly ClaimBatchMapper _claims;
    private readonly ClaimStatusMapper _claimStatus;
    private readonly AnswerBuilder _answers;
    private readonly FaultCodes _faults;

    /// <summary>Creates the adapter over the standards.</summary>
    /// <param name="options">The adapter's options.</param>
    /// <param name="terminology">Code systems and concept maps of the standards.</param>
    /// <param name="identifiers">Identifier systems of the standards.</param>
    public HspisAdapter(IOptions<HspisOptions> options, ITerminology terminology, IIdentifierSystems identifiers)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var fields = new FieldReader(terminology, identifiers);
        _member = new MemberMapper(fields, _options);
        _eligibility = new EligibilityMapper(fields, _options);
        _claims = new ClaimBatchMapper(fields, _options);
        _claimStatus = new ClaimStatusMapper(fields, _options);
        _faults = new FaultCodes(terminology);
        _answers = new AnswerBuilder(terminology, _faults, _options);
        Manifest = new AdapterManifest
        {
            Id = "hspis",
            Version = "1.0.0",
            OperatorSystem = _options.OperatorSystem,
            DisplayName = "H-SPIS (NSSF health insurance)",
            Routes =
            [
                Route(Operations.Member, "/hspis/ws/member", InteropFlow.Register, _options.MaxMessageBytes),
                Route(Operations.Eligibility, "/hspis/ws/eligibility", InteropFlow.Eligibility, _options.MaxMessageBytes),
                Route(Operations.Claims, "/hspis/ws/claims", InteropFlow.Claim, _options.MaxBatchBytes),
                Route(Operations.ClaimStatus, "/hspis/ws/claim-status", InteropFlow.ClaimStatus, _options.MaxMessageBytes),
            ],
        };
    }

    /// <inheritdoc />
    public AdapterManifest Manifest { get; }

    /// <inheritdoc />
    public ValueTask<InboundMapping> MapRequestAsync(LegacyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Map(request));
    }

    /// <inheritdoc />
    public LegacyResponse MapResponse(FhirExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        if (!exchange.Mapping.IsAccepted)
        {
            return MessageFault(exchange.Mapping.MessageErrors[0]);
        }

        var root = HspisMessage.TryRoot(exchange.Request.Body, MaxBytes(exchange.Request.Operation), _options.MaxDepth);
        return exchange.Request.Operation switch
        {
            Operations.Member => _answers.Member(exchange, root),
            Operations.Eligibility => _answers.Eligibility(exchange, root),
            Operations.Claims => _answers.ClaimBatch(exchange, root),
            Operations.ClaimStatus => _answers.ClaimStatus(exchange, root),
            _ => MessageFault(new FieldError("", "internal-error", $"The H-SPIS adapter has no operation '{exchange.Request.Operation}'.")),
        };
    }

    /// <inheritdoc />
    public LegacyResponse RenderError(LegacyRequest request, GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var field = error.Fields is [var first, ..] ? first : null;
        return HspisWriter.MessageFault(error.HttpStatus, _faults.FaultOf(error.Code), field?.Path ?? "", error.Message);
    }

    private InboundMapping Map(LegacyRequest request)
    {
        var (root, maxBytes) = request.Operation switch
        {
            Operations.Member => ("MemberRequest", _options.MaxMessageBytes),
            Operations.Eligibility => ("EligibilityRequest", _options.MaxMessageBytes),
            Operations.Claims => ("ClaimBatch", _options.MaxBatchBytes),
            Operations.ClaimStatus => ("ClaimStatusRequest", _options.MaxMessageBytes),
            _ => ("", 0),
        };
        if (root.Length == 0)
        {
            return InboundMapping.Refused(new FieldError("", "internal-error", $"The H-SPIS adapter has no operation '{request.Operation}'."));
        }

        var errors = new List<FieldError>();
        var unmapped = new HashSet<string>(StringComparer.Ordinal);
        var message = HspisMessage.Read(request.Body, root, maxBytes, _options.MaxDepth, errors, unmapped);
        if (message is null)
        {
            return new InboundMapping { MessageErrors = errors };
        }

        // SenderCode identifies the sending facility or office to H-SPIS; the gateway knows the sender by its member id.
        unmapped.Add("Header/SenderCode");
        return request.Operation switch
        {
            Operations.Member => _member.Map(message, unmapped),
            Operations.Eligibility => _eligibility.Map(message, unmapped),
            Operations.Claims => _claims.Map(message, unmapped),
            _ => _claimStatus.Map(message, unmapped),
        };
    }

    private int MaxBytes(string operation) => operation == Operations.Claims ? _options.MaxBatchBytes : _options.MaxMessageBytes;

    private LegacyResponse MessageFault(FieldError error) =>
        HspisWriter.MessageFault(_faults.MessageStatusOf(error.Code), _faults.FaultOf(error.Code), error.Path, error.Reason);

    private static LegacyRoute Route(string operation, string path, InteropFlow flow, int maxBytes) => new()
    {
        Operation = operation,
        Method = "POST",
        PathTemplate = path,
        Flow = flow,
        RequestContentTypes = [Xml, "text/xml"],
        ResponseContentType = Xml,
        MaxRequestBytes = maxBytes,
    };

    /// <summary>The operation names of the manifest's routes.</summary>
    internal static class Operations
    {
        public const string Member = "member";
        public const string Eligibility = "eligibility";
        public const string Claims = "claims";
        public const string ClaimStatus = "claim-status";
    }
}
