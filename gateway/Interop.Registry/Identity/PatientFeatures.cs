using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Interop.Registry.Matching;
using Interop.Registry.Storage;

namespace Interop.Registry.Identity;

/// <summary>Reads the comparison features of an identity-only Patient into a record.</summary>
internal static class PatientFeatures
{
    public static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir();

    /// <summary>The record of a Patient (its <c>Spid</c> still empty).</summary>
    public static IdentityRecord From(Patient patient, string member, DateTimeOffset at)
    {
        string? khmerFamily = null, khmerGiven = null, latinFamily = null, latinGiven = null;
        foreach (var name in patient.Name)
        {
            var given = string.Join(" ", name.Given ?? []);
            var script = name.GetExtensionValue<Code>(RegistryIdentifiers.NameScriptExtension)?.Value
                ?? (NameNormalizer.IsKhmer((name.Family ?? string.Empty) + given) ? "Khmr" : "Latn");
            if (script == "Khmr")
            {
                khmerFamily ??= NameNormalizer.KhmerKey(name.Family);
                khmerGiven ??= NameNormalizer.KhmerKey(given);
            }
            else
            {
                latinFamily ??= NameNormalizer.LatinKey(name.Family);
                latinGiven ??= NameNormalizer.LatinKey(given);
            }
        }

        var village = patient.Address.FirstOrDefault()?.GetExtensionValue<Hl7.Fhir.Model.Identifier>(RegistryIdentifiers.AddressVillageExtension)?.Value;
        var json = JsonSerializer.Serialize(patient, Json);
        return new IdentityRecord
        {
            Spid = string.Empty,
            Member = member,
            CreatedAt = at,
            KhmerFamily = khmerFamily,
            KhmerGiven = khmerGiven,
            LatinFamily = latinFamily,
            LatinGiven = latinGiven,
            Sex = patient.Gender?.ToString().ToLowerInvariant(),
            BirthDate = patient.BirthDate is { Length: 4 or 10 } birth ? birth : null,
            Village = village,
            KhmerId = patient.Identifier.FirstOrDefault(i => i.System == RegistryIdentifiers.KhmerNationalId)?.Value,
            ContentDigest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))),
            ResourceJson = json,
        };
    }
}
