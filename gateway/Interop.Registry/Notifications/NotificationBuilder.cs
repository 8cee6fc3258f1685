using System.Text.Json;
using Hl7.Fhir.Model;
using Interop.Registry.Identity;
using Interop.Registry.Storage;
using Interop.Standards;

namespace Interop.Registry.Notifications;

/// <summary>
/// Builds the FHIR messages that tell operators about a link, unlink or merge: one message Bundle per operator holding
/// an identifier of the persons concerned, carrying the SPIDs and that operator's own identifiers only (never other
/// schemes' identifiers or any demographics).
/// </summary>
internal static class NotificationBuilder
{
    public static readonly string EventSystem = CanonicalUrls.For("CodeSystem", "registry-event");

    public static IReadOnlyList<OutboxDraft> For(string eventCode, IReadOnlyList<string> spids, IReadOnlyList<StoredIdentifier> identifiers, DateTimeOffset at, string? exceptMember = null)
    {
        var drafts = new List<OutboxDraft>();
        foreach (var member in identifiers.Select(i => i.Member).Distinct(StringComparer.Ordinal).Where(m => m != exceptMember && m != RegistryIdentifiers.RegistryMember).Order(StringComparer.Ordinal))
        {
            var messageId = Guid.NewGuid().ToString("D");
            var subjectUrl = "urn:uuid:" + Guid.NewGuid().ToString("D");
            var patient = new Patient { Id = "subject" };
            foreach (var spid in spids)
            {
                patient.Identifier.Add(new Hl7.Fhir.Model.Identifier(RegistryIdentifiers.Spid, spid));
            }

            foreach (var own in identifiers.Where(i => i.Member == member))
            {
                patient.Identifier.Add(new Hl7.Fhir.Model.Identifier(own.System, own.Value));
            }

            var header = new MessageHeader
            {
                Id = "header",
                Event = new Coding(EventSystem, eventCode),
                Source = new MessageHeader.MessageSourceComponent { Endpoint = "urn:x-road:" + RegistryIdentifiers.RegistryMember, Name = "Central social protection registry" },
                Destination = [new MessageHeader.MessageDestinationComponent { Endpoint = "urn:x-road:" + member }],
                Focus = [new ResourceReference(subjectUrl)],
            };
            var bundle = new Bundle
            {
                Id = messageId,
                Type = Bundle.BundleType.Message,
                Timestamp = at,
                Identifier = new Hl7.Fhir.Model.Identifier("urn:ietf:rfc:3986", "urn:uuid:" + messageId),
                Entry =
                [
                    new Bundle.EntryComponent { FullUrl = "urn:uuid:" + Guid.NewGuid().ToString("D"), Resource = header },
                    new Bundle.EntryComponent { FullUrl = subjectUrl, Resource = patient },
                ],
            };
            drafts.Add(new OutboxDraft(member, messageId, JsonSerializer.Serialize(bundle, PatientFeatures.Json)));
        }

        return drafts;
    }
}
