using System.Globalization;
using Hl7.Fhir.Model;

namespace Interop.Registry.Tests;

/// <summary>Identity-only Patients for tests, with random identifiers, birth dates and villages so tests sharing a database never meet by chance.</summary>
internal static class People
{
    public static string Digits(int count)
    {
        var chars = new char[count];
        chars[0] = (char)('1' + Random.Shared.Next(9));
        for (var i = 1; i < count; i++)
        {
            chars[i] = (char)('0' + Random.Shared.Next(10));
        }

        return new string(chars);
    }

    public static string KhmerId() => Digits(9);

    public static string NssfNumber() => Digits(10);

    public static string PmrsCode() => "P" + Digits(8);

    public static string EquityCard() => Digits(8) + "-" + Digits(5);

    public static string Village() => "1" + Digits(7);

    public static string BirthDate() => new DateOnly(1950 + Random.Shared.Next(55), 1 + Random.Shared.Next(12), 1 + Random.Shared.Next(28)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static Identifier Id(string system, string value) => new(system, value);

    public static Patient Person(
        string? khmerFamily, string? khmerGiven, string? latinFamily, string? latinGiven, string gender, string birthDate, string? village, params Identifier[] identifiers)
    {
        var patient = new Patient
        {
            Meta = new Meta { Profile = [RegistryIdentifiers.PatientProfile] },
            Identifier = [.. identifiers],
            Gender = gender == "male" ? AdministrativeGender.Male : AdministrativeGender.Female,
            BirthDate = birthDate,
        };
        if (khmerFamily is not null || khmerGiven is not null)
        {
            patient.Name.Add(Name("Khmr", khmerFamily, khmerGiven));
        }

        if (latinFamily is not null || latinGiven is not null)
        {
            patient.Name.Add(Name("Latn", latinFamily, latinGiven));
        }

        if (village is not null)
        {
            var address = new Address();
            address.SetExtension(RegistryIdentifiers.AddressVillageExtension, new Identifier(RegistryIdentifiers.Village, village));
            patient.Address.Add(address);
        }

        return patient;
    }

    private static HumanName Name(string script, string? family, string? given)
    {
        var name = new HumanName { Family = family, Given = given is null ? [] : [given] };
        name.SetExtension(RegistryIdentifiers.NameScriptExtension, new Code(script));
        return name;
    }
}
