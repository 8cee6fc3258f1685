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
    /// <summary>
    /// The most characters of one field that matching compares. A longer value (no real name or village code comes near)
    /// is compared on its start; the Patient is kept whole. Bounding the features bounds a record's row in every index
    /// that carries them (PostgreSQL refuses an index row over about 2.7 KB).
    /// </summary>
    public const int FeatureLength = 100;

    public static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir();

    /// <summary>The record of a Patient (its <c>Spid</c> still empty).</summary>
    public static IdentityRecord From(Patient patient, string member, DateTimeOffset at)
    {
        string? khmerFamily = null, khmerGiven = null, latinFamily = null, latinGiven = null;
        string? romanizedFamily = null, romanizedGiven = null, familyLetters = null, givenLetters = null;
        string? romanizedFamilyLetters = null, romanizedGivenLetters = null;
        foreach (var name in patient.Name)
        {
            var given = string.Join(" ", name.Given ?? []);
            var script = name.GetExtensionValue<Code>(RegistryIdentifiers.NameScriptExtension)?.Value
                ?? (NameNormalizer.IsKhmer((name.Family ?? string.Empty) + given) ? "Khmr" : "Latn");
            if (script == "Khmr")
            {
                khmerFamily ??= NameNormalizer.KhmerKey(name.Family);
                khmerGiven ??= NameNormalizer.KhmerKey(given);
                romanizedFamilyLetters ??= KhmerRomanizer.Romanize(name.Family);
                romanizedGivenLetters ??= KhmerRomanizer.Romanize(given);
                romanizedFamily ??= NameNormalizer.LatinKey(romanizedFamilyLetters);
                romanizedGiven ??= NameNormalizer.LatinKey(romanizedGivenLetters);
            }
            else
            {
                latinFamily ??= NameNormalizer.LatinKey(name.Family);
                latinGiven ??= NameNormalizer.LatinKey(given);
                familyLetters ??= NameNormalizer.LatinLetters(name.Family);
                givenLetters ??= NameNormalizer.LatinLetters(given);
            }
        }

        // A name in Khmer script only still meets its Latin spelling elsewhere, through its romanization.
        if (latinFamily is null && latinGiven is null)
        {
            (latinFamily, latinGiven, familyLetters, givenLetters) = (romanizedFamily, romanizedGiven, romanizedFamilyLetters, romanizedGivenLetters);
        }

        var village = patient.Address.FirstOrDefault()?.GetExtensionValue<Hl7.Fhir.Model.Identifier>(RegistryIdentifiers.AddressVillageExtension)?.Value;
        var json = JsonSerializer.Serialize(patient, Json);
        return new IdentityRecord
        {
            Spid = string.Empty,
            Member = member,
            CreatedAt = at,
            KhmerFamily = Bounded(khmerFamily),
            KhmerGiven = Bounded(khmerGiven),
            LatinFamily = Bounded(latinFamily),
            LatinGiven = Bounded(latinGiven),
            LatinFamilyLetters = Bounded(familyLetters),
            LatinGivenLetters = Bounded(givenLetters),
            Sex = patient.Gender?.ToString().ToLowerInvariant(),
            BirthDate = patient.BirthDate is { Length: 4 or 10 } birth ? birth : null,
            Village = Bounded(village),
            KhmerId = Bounded(patient.Identifier.FirstOrDefault(i => i.System == RegistryIdentifiers.KhmerNationalId)?.Value),
            ContentDigest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))),
            ResourceJson = json,
        };
    }

    private static string? Bounded(string? value) => value is { Length: > FeatureLength } ? value[..FeatureLength] : value;
}
