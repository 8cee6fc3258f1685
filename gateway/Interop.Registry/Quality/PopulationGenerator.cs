using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;

namespace Interop.Registry.Quality;

/// <summary>One synthetic registration with the truth kept: which person it really is.</summary>
/// <param name="PersonId">The true person.</param>
/// <param name="IsDuplicate">A second registration of a person already registered.</param>
/// <param name="Member">The registering member.</param>
/// <param name="Patient">The identity-only Patient sent.</param>
public sealed record SyntheticRecord(int PersonId, bool IsDuplicate, string Member, Patient Patient);

/// <summary>
/// A synthetic population with the truth kept: Khmer and romanized names (with their frequency skew), sexes, ages
/// 0-85, villages of a made-up gazetteer, HEF (equity card), NSSF (member number) and facility (PMRS) enrolment, Khmer
/// IDs for people 15 and over. A share of people is registered a second time by another scheme, with the errors seen
/// in registers: romanization variants, Latin typos, Khmer spelling variants and zero-width characters, swapped name
/// order, a year-only birth date, a mistyped digit of the date, a move to another village of the commune, the Khmer ID
/// left out, one script only. Same seed, same population.
/// </summary>
public sealed class PopulationGenerator(int seed)
{
    public const string Hef = "KH/GOV/MOH/PCA";
    public const string Nssf = "KH/GOV/NSSF/HSPIS";
    public const string Pmrs = "KH/GOV/MOH/PMRS-120101";

    private readonly Random _random = new(seed);
    private readonly DateOnly _today = new(2026, 11, 23);
    private readonly Dictionary<string, int> _households = new(StringComparer.Ordinal);
    private int _identifierCounter;

    /// <summary>Generates the records: every person once, in random order, then the duplicates, in random order.</summary>
    /// <param name="people">How many people.</param>
    /// <param name="duplicateRate">The share of people registered a second time.</param>
    /// <returns>The records, in registration order.</returns>
    public IReadOnlyList<SyntheticRecord> Generate(int people, double duplicateRate)
    {
        var all = Stream(people, duplicateRate).ToList();
        var firsts = all.Where(r => !r.IsDuplicate).ToList();
        var seconds = all.Where(r => r.IsDuplicate).ToList();
        Shuffle(firsts);
        Shuffle(seconds);
        return [.. firsts, .. seconds];
    }

    /// <summary>The records one person at a time (a duplicate right after its first registration), for populations too big to hold.</summary>
    /// <param name="people">How many people.</param>
    /// <param name="duplicateRate">The share of people registered a second time.</param>
    /// <returns>The records.</returns>
    public IEnumerable<SyntheticRecord> Stream(int people, double duplicateRate)
    {
        var villages = Math.Max(10, people / 400);
        for (var id = 0; id < people; id++)
        {
            var person = NewPerson(id, villages);
            var scheme = PickScheme(person, except: null);
            yield return new SyntheticRecord(id, false, MemberOf(scheme), Registration(person, scheme, duplicate: false));
            if (_random.NextDouble() < duplicateRate)
            {
                var other = PickScheme(person, except: scheme);
                yield return new SyntheticRecord(id, true, MemberOf(other), Registration(person, other, duplicate: true));
            }
        }
    }

    private sealed record Person(int Id, bool Male, DateOnly Birth, string Village, int Family, int Given, int? SecondGiven, string? KhmerId, string EquityCard, string NssfNumber, string PmrsCode);

    private Person NewPerson(int id, int villages)
    {
        var male = _random.Next(2) == 0;
        var age = (int)Math.Min(85, -Math.Log(1 - _random.NextDouble()) * 28);
        var birth = _today.AddYears(-age).AddDays(-_random.Next(365));
        var village = VillageCode(_random.Next(villages));
        var names = male ? KhmerNames.Male : KhmerNames.Female;
        var serial = ++_identifierCounter;
        return new Person(
            id, male, birth, village, Zipf(KhmerNames.Family.Length), Zipf(names.Length), _random.NextDouble() < 0.35 ? _random.Next(names.Length) : null,
            age >= 15 ? (100_000_000 + (serial * 7919L % 899_999_999)).ToString(CultureInfo.InvariantCulture) : null,
            village + "-" + NextHousehold(village).ToString("D5", CultureInfo.InvariantCulture),
            (1_000_000_000L + serial).ToString(CultureInfo.InvariantCulture),
            "P" + (10_000_000 + serial).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Equity cards number households within their village.</summary>
    private int NextHousehold(string village) => _households[village] = _households.GetValueOrDefault(village) + 1;

    /// <summary>A gazetteer code: 25 provinces, 10 villages a commune, 10 communes a district.</summary>
    private static string VillageCode(int index)
    {
        var village = index % 10;
        var commune = index / 10 % 10;
        var district = index / 100 % 20;
        var province = (index / 2000 % 25) + 1;
        return string.Create(CultureInfo.InvariantCulture, $"{province:D2}{district + 1:D2}{commune + 1:D2}{village + 1:D2}");
    }

    private int Zipf(int count)
    {
        // Name frequencies are skewed: weight 1/rank^0.7.
        var total = 0.0;
        for (var rank = 1; rank <= count; rank++)
        {
            total += 1 / Math.Pow(rank, 0.7);
        }

        var pick = _random.NextDouble() * total;
        for (var rank = 1; rank <= count; rank++)
        {
            pick -= 1 / Math.Pow(rank, 0.7);
            if (pick <= 0)
            {
                return rank - 1;
            }
        }

        return count - 1;
    }

    private string PickScheme(Person person, string? except)
    {
        var age = _today.Year - person.Birth.Year;
        string[] schemes = age is >= 18 and <= 60 ? ["hef", "nssf", "pmrs"] : ["hef", "pmrs"];
        var choices = schemes.Where(s => s != except).ToArray();
        return choices[_random.Next(choices.Length)];
    }

    private static string MemberOf(string scheme) => scheme switch
    {
        "hef" => Hef,
        "nssf" => Nssf,
        _ => Pmrs,
    };

    private Patient Registration(Person person, string scheme, bool duplicate)
    {
        var patient = new Patient { Meta = new Meta { Profile = [RegistryIdentifiers.PatientProfile] } };
        patient.Identifier.Add(scheme switch
        {
            "hef" => new Identifier(RegistryIdentifiers.IdPoorEquityCard, person.EquityCard),
            "nssf" => new Identifier(RegistryIdentifiers.NssfMemberNumber, person.NssfNumber),
            _ => new Identifier(RegistryIdentifiers.PmrsPatientCode, person.PmrsCode),
        });
        var recordsKhmerId = scheme switch
        {
            "nssf" => 0.95,
            "hef" => 0.6,
            _ => 0.4,
        };
        if (person.KhmerId is not null && _random.NextDouble() < recordsKhmerId)
        {
            patient.Identifier.Add(new Identifier(RegistryIdentifiers.KhmerNationalId, person.KhmerId));
        }

        var (khmerFamily, latinFamilies) = KhmerNames.Family[person.Family];
        // A third of given names are compounds of two (ស្រី + ពៅ): Khmer writes them as one word, romanizations often as two.
        var givenNames = person.Male ? KhmerNames.Male : KhmerNames.Female;
        var (khmerGiven, latinGivens) = givenNames[person.Given];
        if (person.SecondGiven is int second && second != person.Given)
        {
            khmerGiven += givenNames[second].Khmer;
            latinGivens = [.. latinGivens.Select(l => l + " " + givenNames[second].Latin[0])];
        }

        var latinFamily = latinFamilies[0];
        var latinGiven = latinGivens[0];
        var swap = false;
        var scripts = _random.NextDouble() switch { < 0.1 => "Khmr", < 0.25 => "Latn", _ => "both" };
        if (duplicate)
        {
            if (_random.NextDouble() < 0.5)
            {
                latinFamily = latinFamilies[_random.Next(latinFamilies.Length)];
                latinGiven = latinGivens[_random.Next(latinGivens.Length)];
            }

            if (_random.NextDouble() < 0.15)
            {
                latinGiven = LatinTypo(latinGiven);
            }

            if (_random.NextDouble() < 0.3)
            {
                khmerGiven = KhmerVariant(khmerGiven);
            }

            if (_random.NextDouble() < 0.05)
            {
                khmerFamily = KhmerTypo(khmerFamily);
            }

            swap = _random.NextDouble() < 0.1;
        }

        if (scripts is "Khmr" or "both")
        {
            patient.Name.Add(Name("Khmr", swap ? khmerGiven : khmerFamily, swap ? khmerFamily : khmerGiven));
        }

        if (scripts is "Latn" or "both")
        {
            patient.Name.Add(Name("Latn", swap ? latinGiven : latinFamily, swap ? latinFamily : latinGiven));
        }

        patient.Gender = person.Male ? AdministrativeGender.Male : AdministrativeGender.Female;
        var birth = person.Birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (duplicate && _random.NextDouble() < 0.2)
        {
            birth = birth[..4];
        }
        else if (duplicate && _random.NextDouble() < 0.05)
        {
            birth = DateTypo(person.Birth);
        }

        patient.BirthDate = birth;
        var village = duplicate && _random.NextDouble() < 0.05 ? person.Village[..6] + ((_random.Next(10) + 1) % 10 + 1).ToString("D2", CultureInfo.InvariantCulture) : person.Village;
        var address = new Address();
        address.SetExtension(RegistryIdentifiers.AddressVillageExtension, new Identifier(RegistryIdentifiers.Village, village));
        patient.Address.Add(address);
        return patient;
    }

    private static HumanName Name(string script, string family, string given)
    {
        var name = new HumanName { Family = family, Given = [given] };
        name.SetExtension(RegistryIdentifiers.NameScriptExtension, new Code(script));
        return name;
    }

    private string LatinTypo(string name)
    {
        var position = 1 + _random.Next(Math.Max(1, name.Length - 1));
        if (position >= name.Length)
        {
            return name + "H";
        }

        return _random.Next(3) switch
        {
            0 => name.Remove(position, 1),
            1 => name[..position] + (char)('A' + _random.Next(26)) + name[(position + 1)..],
            _ => name.Insert(position, name[position].ToString()),
        };
    }

    /// <summary>The variants Khmer writers produce for the same name: signs dropped or added, split vowels, zero-width spaces.</summary>
    private string KhmerVariant(string name) => _random.Next(4) switch
    {
        0 => name.Replace("\u17C9", string.Empty, StringComparison.Ordinal).Replace("\u17CA", string.Empty, StringComparison.Ordinal),
        1 => name.Insert(1 + _random.Next(Math.Max(1, name.Length - 1)), "\u200B"),
        2 => name.Replace("\u178E", "\u1793", StringComparison.Ordinal).Replace("\u17BE", "\u17C1\u17B8", StringComparison.Ordinal),
        _ => name.EndsWith('\u17CB') ? name[..^1] : name + "\u17CB",
    };

    private string KhmerTypo(string name)
    {
        var builder = new StringBuilder(name);
        var position = _random.Next(builder.Length);
        builder[position] = (char)(0x1780 + _random.Next(0x23));
        return builder.ToString();
    }

    private string DateTypo(DateOnly birth)
    {
        var text = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var position = new[] { 3, 6, 9 }[_random.Next(3)];
            var typo = text[..position] + (char)('0' + _random.Next(10)) + text[(position + 1)..];
            if (typo != text && DateOnly.TryParseExact(typo, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) && parsed <= _today)
            {
                return typo;
            }
        }

        return text;
    }

    private void Shuffle<T>(List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
