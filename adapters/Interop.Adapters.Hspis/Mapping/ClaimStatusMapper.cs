using Interop.Adapters.Hspis.Xml;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Hspis.Mapping;

/// <summary><c>ClaimStatusRequest</c> → a search of the NSSF's <c>ClaimResponse</c>s by the claim number (<c>claim-status</c>).</summary>
internal sealed class ClaimStatusMapper(FieldReader fields, HspisOptions options)
{
    private static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal) { "Header", "ClaimNo" };

    public InboundMapping Map(HspisMessage message, ISet<string> unmapped)
    {
        var errors = new List<FieldError>();
        var r = new ElementScope(message.Root, "", errors);
        r.CollectUnknown("", Known, unmapped);
        var claimNo = fields.Identifier(r, "ClaimNo", Canon.ClaimNumber, "ClaimNo", required: true);
        var item = errors.Count > 0
            ? new MappedItem { Key = "ClaimNo", Errors = errors }
            : new MappedItem
            {
                Key = "ClaimNo",
                Interactions =
                [
                    new FhirInteraction
                    {
                        Purpose = "claim-status",
                        Destination = Destination.Operator,
                        Operator = options.NssfOperator,
                        Verb = FhirVerb.Get,
                        Url = $"ClaimResponse?request.identifier={Canon.ClaimNumber}|{claimNo}",
                        PolicyInteraction = "claim-status",
                    },
                ],
            };

        return new InboundMapping
        {
            IdempotencyKey = message.MessageId,
            UnmappedFields = [.. unmapped.Order(StringComparer.Ordinal)],
            Items = [item],
        };
    }
}
