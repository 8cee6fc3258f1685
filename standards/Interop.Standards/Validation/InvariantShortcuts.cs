using Hl7.Fhir.Model;

namespace Interop.Standards.Validation;

/// <summary>
/// Proofs, in C#, that some of the standards' invariants hold, so the common case skips Firely's FhirPath engine
/// (a few microseconds and kilobytes per invariant). Each proof is keyed by the exact FhirPath text of the invariant:
/// an invariant edited in the profiles finds no proof and is evaluated as written. A proof answers only "holds" or
/// "not sure": whenever a value is missing, empty, of another precision or otherwise not plainly the case the proof
/// was written for, it answers "not sure" and the FhirPath expression decides (and reports). So a proof can make
/// validation faster, never more lenient.
/// </summary>
internal static class InvariantShortcuts
{
    private const string GazetteerVillage = "https://fhir.nspc.gov.kh/sid/gazetteer-village";
    private const string NssfCaseGroup = "https://fhir.nspc.gov.kh/CodeSystem/nssf-case-group";

    private static readonly Dictionary<string, Func<Base, bool>> Proofs = new(StringComparer.Ordinal)
    {
        ["total.value = item.net.value.sum()"] = node => node is Claim claim && TotalIsSum(claim),
        ["(subType.coding.code contains 'IPD') implies (billablePeriod.end.exists() and billablePeriod.end >= billablePeriod.start)"] =
            node => node is Claim claim && (HasOnlyOtherCodes(claim.SubType, "IPD") || EndsAfterStart(claim.BillablePeriod)),
        ["identifier.all(system.exists() and value.exists())"] = node => node switch
        {
            Claim claim => IdentifiersComplete(claim.Identifier),
            Coverage coverage => IdentifiersComplete(coverage.Identifier),
            Patient patient => IdentifiersComplete(patient.Identifier),
            _ => false,
        },
        ["period.end.empty() or period.end >= period.start"] =
            node => node is Coverage coverage && (coverage.Period?.EndElement is null || EndsAfterStart(coverage.Period)),
        ["(class.code = 'IMP' and status = 'finished') implies (period.end.exists() and period.end >= period.start)"] =
            node => node is Encounter encounter && (IsOtherCode(encounter.Class?.CodeElement, "IMP") || IsOtherCode(encounter.StatusElement, "finished") || EndsAfterStart(encounter.Period)),
        ["birthDate.exists() and (birthDate.toString().length() = 4 or birthDate.toString().length() = 10)"] =
            node => node is Patient { BirthDateElement.Value: { } birth } && ((birth.Length == 4 && IsDigits(birth, 0, 4)) || IsDate(birth)),
        ["name.all(family.exists() or given.exists())"] = node => node is Patient patient && patient.Name.TrueForAll(n => n is not null && (n.Family is not null || n.GivenElement.Exists(g => g?.Value is not null))),
        ["item.productOrService.coding.where(system = '" + NssfCaseGroup + "').count() <= 1"] = node => node is Claim claim && CountCodings(claim, NssfCaseGroup) <= 1,
        ["value.ofType(Identifier).system = '" + GazetteerVillage + "'"] = node => node is Extension { Value: Identifier { System: GazetteerVillage } },
    };

    /// <summary>The proof for an invariant's expression, when there is one.</summary>
    public static Func<Base, bool>? For(string expression) => Proofs.GetValueOrDefault(expression);

    private static bool TotalIsSum(Claim claim)
    {
        if (claim.Total?.ValueElement is not { Value: { } total })
        {
            return false;
        }

        var sum = 0m;
        foreach (var item in claim.Item)
        {
            if (item?.Net?.ValueElement is not { } net)
            {
                continue;
            }

            if (net.Value is not { } value)
            {
                return false;
            }

            sum += value;
        }

        // Equal values of the same scale: the case FhirPath's equality of decimals cannot read differently.
        return sum == total && sum.Scale == total.Scale;
    }

    /// <summary>Codes that are there, none of them the one named: the left of an <c>implies</c> that is false.</summary>
    private static bool HasOnlyOtherCodes(CodeableConcept? concept, string code)
    {
        var any = false;
        foreach (var coding in concept?.Coding ?? [])
        {
            if (coding?.Code == code)
            {
                return false;
            }

            any |= coding?.Code is not null;
        }

        return any;
    }

    /// <summary>A code that is there and is another one: the left of an <c>and</c> that is false.</summary>
    private static bool IsOtherCode(PrimitiveType? code, string other) =>
        code?.JsonValue is string value && value != other;

    private static bool IdentifiersComplete(List<Identifier> identifiers) =>
        identifiers.TrueForAll(i => i is not null && i.System is not null && i.Value is not null);

    private static int CountCodings(Claim claim, string system)
    {
        var count = 0;
        foreach (var item in claim.Item)
        {
            foreach (var coding in item?.ProductOrService?.Coding ?? [])
            {
                if (coding?.System == system)
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>
    /// An end that is there and not before the start, both written to the same precision and offset
    /// (<c>2025-02-14</c>, or <c>2025-02-14T10:05:00+07:00</c>), where comparing the text compares the instants.
    /// </summary>
    private static bool EndsAfterStart(Period? period)
    {
        if (period?.EndElement?.Value is not { } end || period.StartElement?.Value is not { } start || end.Length != start.Length)
        {
            return false;
        }

        if (IsDate(end))
        {
            return IsDate(start) && string.CompareOrdinal(end, start) >= 0;
        }

        return IsDateTime(end) && IsDateTime(start) && end.AsSpan(19).SequenceEqual(start.AsSpan(19)) && string.CompareOrdinal(end, start) >= 0;
    }

    /// <summary>Whether the text is a date, <c>yyyy-MM-dd</c> and nothing else.</summary>
    private static bool IsDate(string text) => text.Length == 10 && StartsWithDate(text);

    private static bool StartsWithDate(string text) =>
        text.Length >= 10 && IsDigits(text, 0, 4) && text[4] == '-' && IsDigits(text, 5, 2) && text[7] == '-' && IsDigits(text, 8, 2);

    /// <summary><c>yyyy-MM-ddTHH:mm:ss</c> then <c>Z</c> or <c>±hh:mm</c>, nothing else.</summary>
    private static bool IsDateTime(string text) =>
        (text.Length == 20 || text.Length == 25) && StartsWithDate(text) && text[10] == 'T' && IsDigits(text, 11, 2) && text[13] == ':' && IsDigits(text, 14, 2)
        && text[16] == ':' && IsDigits(text, 17, 2)
        && (text.Length == 20 ? text[19] == 'Z' : text[19] is '+' or '-' && IsDigits(text, 20, 2) && text[22] == ':' && IsDigits(text, 23, 2));

    private static bool IsDigits(string text, int start, int length)
    {
        for (var i = start; i < start + length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
