using System.Text;
using System.Xml.Linq;
using Hl7.Fhir.Model;
using Interop.Contracts.Mapping;
using Interop.Standards.Validation;

namespace Interop.Adapters.Hspis.Tests.Support;

/// <summary>Runs the adapter as the gateway does: map the request, (pretend to) send, map the answers back.</summary>
public static class Exchange
{
    public const string Sender = "KH/GOV/NSSF/HSPIS";

    public static readonly DateTimeOffset ReceivedAt = new(2025, 3, 1, 1, 0, 5, TimeSpan.Zero);

    public static readonly XNamespace Ns = "urn:kh:nssf:hspis:2016";

    public static string OperationOf(string rootElement) => rootElement switch
    {
        "MemberRequest" => "member",
        "EligibilityRequest" => "eligibility",
        "ClaimBatch" => "claims",
        "ClaimStatusRequest" => "claim-status",
        _ => throw new ArgumentException($"No H-SPIS operation takes {rootElement}.", nameof(rootElement)),
    };

    public static string PathOf(string operation) => operation switch
    {
        "claims" => "/hspis/ws/claims",
        "claim-status" => "/hspis/ws/claim-status",
        _ => "/hspis/ws/" + operation,
    };

    public static LegacyRequest Request(string operation, string body, DateTimeOffset? receivedAt = null) =>
        Request(operation, Encoding.UTF8.GetBytes(body), receivedAt);

    public static LegacyRequest Request(string operation, byte[] body, DateTimeOffset? receivedAt = null) => new()
    {
        Operation = operation,
        Method = "POST",
        Path = PathOf(operation),
        ContentType = "application/xml",
        Body = body,
        Sender = Sender,
        ReceivedAt = receivedAt ?? ReceivedAt,
    };

    public static InboundMapping Map(HspisAdapter adapter, LegacyRequest request) =>
        adapter.MapRequestAsync(request, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <summary>The exchange of a mapping whose items got the given answers (none for refused items).</summary>
    public static FhirExchange Answered(LegacyRequest request, InboundMapping mapping, Func<MappedItem, IReadOnlyList<FhirAnswer>> answers) => new()
    {
        Request = request,
        Mapping = mapping,
        Outcomes = mapping.Items.Select(item => new ItemOutcome { Item = item, Answers = item.IsAccepted ? answers(item) : [] }).ToList(),
    };

    /// <summary>Every upstream stores what it is sent; the NSSF accepts every claim (reference <c>NSSF-&lt;n&gt;</c>).</summary>
    public static IReadOnlyList<FhirAnswer> Accepting(MappedItem item) =>
        item.Interactions.Select(i => i.Purpose == "claim-submit"
            ? new FhirAnswer(i.Purpose, 200, new ClaimResponse
            {
                Id = "cr-" + i.Resource!.Id,
                Identifier = [new Identifier("https://nssf.gov.kh/claim-reference", "NSSF-" + item.Key)],
                Outcome = ClaimProcessingCodes.Queued,
            })
            : new FhirAnswer(i.Purpose, 200, i.Resource)).ToList();

    public static XDocument Xml(LegacyResponse response) => XDocument.Parse(Encoding.UTF8.GetString(response.Body.Span));

    /// <summary>Every FHIR resource of a mapping validated with the real validator against the profile it claims.</summary>
    public static IEnumerable<string> ValidationErrors(IFhirValidator validator, InboundMapping mapping) =>
        from item in mapping.Items
        from interaction in item.Interactions
        where interaction.Resource is not null
        from issue in validator.Validate(interaction.Resource!, interaction.Profile).Errors
        select $"{item.Key} {interaction.Purpose}: {issue.Path} {issue.Message}";
}
