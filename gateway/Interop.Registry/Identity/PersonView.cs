using System.Text.Json;
using Hl7.Fhir.Model;
using Interop.Registry.Storage;

namespace Interop.Registry.Identity;

/// <summary>
/// The registry's Patient for a person: the SPID (and merged SPIDs as <c>old</c>), every identifier linked to it,
/// the names of every registration, and the latest sex, birth date, village and phones; links to linked persons.
/// </summary>
internal static class PersonView
{
    public static Patient Build(PersonRow person, IReadOnlyList<IdentityRecord> records, IReadOnlyList<StoredIdentifier> identifiers, IReadOnlyList<string> mergedSpids, IReadOnlyList<string> linkedSpids)
    {
        var patient = new Patient
        {
            Id = person.ResourceId,
            Meta = new Meta { Profile = [RegistryIdentifiers.PatientProfile] },
            Active = true,
        };
        patient.Identifier.Add(new Hl7.Fhir.Model.Identifier(RegistryIdentifiers.Spid, person.Spid) { Use = Hl7.Fhir.Model.Identifier.IdentifierUse.Official });
        foreach (var old in mergedSpids)
        {
            patient.Identifier.Add(new Hl7.Fhir.Model.Identifier(RegistryIdentifiers.Spid, old) { Use = Hl7.Fhir.Model.Identifier.IdentifierUse.Old });
        }

        foreach (var identifier in identifiers.Where(i => i.Spid == person.Spid))
        {
            patient.Identifier.Add(new Hl7.Fhir.Model.Identifier(identifier.System, identifier.Value));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var phones = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var source = JsonSerializer.Deserialize<Patient>(record.ResourceJson, PatientFeatures.Json)!;
            foreach (var name in source.Name)
            {
                if (names.Add($"{name.Family}|{string.Join(' ', name.Given ?? [])}|{name.GetExtensionValue<Code>(RegistryIdentifiers.NameScriptExtension)?.Value}"))
                {
                    patient.Name.Add((HumanName)name.DeepCopy());
                }
            }

            foreach (var phone in source.Telecom.Where(t => t.Value is not null && phones.Add(t.Value)))
            {
                patient.Telecom.Add((ContactPoint)phone.DeepCopy());
            }

            patient.Gender = source.Gender ?? patient.Gender;
            if (source.BirthDate is { Length: 10 } || patient.BirthDate is null or { Length: 4 })
            {
                patient.BirthDate = source.BirthDate ?? patient.BirthDate;
            }

            if (source.Address.Count > 0)
            {
                patient.Address = [(Address)source.Address[0].DeepCopy()];
            }
        }

        foreach (var linked in linkedSpids)
        {
            patient.Link.Add(new Patient.LinkComponent
            {
                Other = new ResourceReference { Identifier = new Hl7.Fhir.Model.Identifier(RegistryIdentifiers.Spid, linked), Type = "Patient" },
                Type = Patient.LinkType.Seealso,
            });
        }

        return patient;
    }

    /// <summary>A reference to a person: its Patient id and its SPID.</summary>
    public static ResourceReference Reference(string resourceId, string spid) => new($"Patient/{resourceId}")
    {
        Identifier = new Hl7.Fhir.Model.Identifier(RegistryIdentifiers.Spid, spid),
    };
}
