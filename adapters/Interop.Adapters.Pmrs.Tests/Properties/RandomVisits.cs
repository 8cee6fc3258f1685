using System.Globalization;
using System.Text.Json.Nodes;

namespace Interop.Adapters.Pmrs.Tests.Properties;

/// <summary>Generates random valid PMRS visits (every visit type, payment type and messy habit), from a fixed seed.</summary>
public sealed class RandomVisits(int seed)
{
    private static readonly string[] KhmerSyllables = ["សៅ", "សុ", "វ៉ាន់", "ចាន់", "ធី", "សុខ", "ស្រី", "ពៅ", "គឹម", "ហេង", "ណា", "រ៉ា"];
    private static readonly string[] HefServices = ["HEF-OPD-CONSULT", "HEF-ANC", "HEF-IPD-DAY", "HEF-LAB-CBC", "HEF-LAB-GLUCOSE", "HEF-IMG-XRAY", "HEF-IPD-DELIVERY"];
    private static readonly string[] HefPayments = ["PATY-0000N09", "PATY-00002NF", "PATY-00002EH", "PATY-00003LD"];
    private static readonly string[] NssfPayments = ["PATY-000K010", "PATY-0000G3E", "PATY-00B003F", "PATY-000T040"];
    private static readonly string[] OtherPayments = ["PATY-0000H08", "PATY-0J0000C", "PATY-00T001A"];
    private static readonly string[] DiagnosisTypes = ["DIAGT-0000BM", "DIAGT-0000AB", "DIAGT-00Z00C", "DIAGT-00A008", "DIAGT-000Y09"];
    private static readonly string[] DischargeTypes = ["DITY-0000E08", "DITY-0B00009", "DITY-00000CA", "DITY-000Y00F", "DITY-000010X"];
    private static readonly string[] AdmissionTypes = ["ADTY-000J008", "ADTY-000009S", "ADTY-0P0000A"];

    private readonly Random _random = new(seed);

    public JsonObject Next()
    {
        var r = _random;
        var visitType = Pick(["VITY-00J000C", "VITY-00L000D", "VITY-00E000E"]);
        var ipd = visitType == "VITY-00J000C";
        var submission = ipd ? Pick(["admission", "update", "discharge"]) : "final";
        var scheme = r.Next(3);
        var payment = scheme switch { 0 => Pick(HefPayments), 1 => Pick(NssfPayments), _ => Pick(OtherPayments) };
        var village = $"12{r.Next(1, 99):D2}{r.Next(1, 99):D2}{r.Next(1, 99):D2}";
        var hefCard = $"{village}-{r.Next(1, 99999):D5}";
        var nssfCard = r.NextInt64(1_000_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture);
        var nid = r.Next(0, 999_999_999).ToString("D9", CultureInfo.InvariantCulture);
        var child = r.Next(4) == 0;
        var card = scheme == 1 ? ("CARD-NSSF", nssfCard) : ("CARD-HEF", hefCard);
        var identifications = new JsonArray(Card(card.Item1, card.Item2));
        if (!child)
        {
            identifications.Add(Card("CARD-NID", nid));
        }

        var facility = r.Next(1000, 999999).ToString(CultureInfo.InvariantCulture);
        var code = $"V{facility}-25-{r.Next(0, 999999):D6}";
        var admitted = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMinutes(r.Next(0, 60 * 24 * 40));
        var discharged = admitted.AddMinutes(r.Next(0, 60 * 24 * 10));
        var estimated = r.Next(5) == 0;
        var birth = new DateOnly(child ? 2012 : 1950, 1, 1).AddDays(r.Next(0, 365 * 10));
        var final = submission is "discharge" or "final";
        var days = ipd ? r.Next(0, 6) : 0;
        var items = new JsonArray();
        decimal total = 0;
        for (var i = r.Next(1, 5); i > 0; i--)
        {
            var quantity = r.Next(1, 4);
            var price = r.Next(0, 200) * 500;
            total += quantity * price;
            var service = scheme == 1 ? (i == 1 ? $"CG{r.Next(1, 53):D2}" : null) : Pick(HefServices);
            if (service is null)
            {
                total -= quantity * price;
                continue;
            }

            items.Add(new JsonObject { ["service_code"] = service, ["quantity"] = quantity, ["unit_price"] = price });
        }

        var transport = r.Next(0, 5) * 5000;
        total += transport + days * 10000;
        var patient = new JsonObject
        {
            ["code"] = $"P{r.Next(100000, 99999999)}",
            ["surname"] = Name(),
            ["name"] = Name(),
            ["latin_surname"] = r.Next(2) == 0 ? "SAO" : null,
            ["latin_name"] = r.Next(2) == 0 ? "SOVAN" : null,
            ["sex"] = Pick(["M", "F"]),
            ["birthdate"] = Digits(estimated ? $"{birth.Year:D4}-01-01" : birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ["birthdate_is_estimated"] = estimated,
            ["phone"] = r.Next(3) == 0 ? null : Digits($"0{r.Next(10, 99)} {r.Next(100, 999)} {r.Next(100, 999)}"),
            ["marital_status"] = Pick(["MAST-0000X1", "MAST-00M002", "MAST-000S03", "MAST-0000N4"]),
            ["photos"] = new JsonArray(),
            ["address"] = new JsonObject
            {
                ["province"] = new JsonObject { ["code"] = village[..2] },
                ["district"] = new JsonObject { ["code"] = village[..4] },
                ["commune"] = new JsonObject { ["code"] = village[..6] },
                ["village"] = new JsonObject { ["code"] = village },
            },
            ["identifications"] = identifications,
        };
        var visit = new JsonObject
        {
            ["code"] = code,
            ["patient_code"] = patient["code"]!.GetValue<string>(),
            ["health_facility_code"] = facility,
            ["visit_type"] = visitType,
            ["admission_type"] = Pick(AdmissionTypes),
            ["payment_type"] = payment,
            ["card_number"] = Digits(card.Item2),
            ["admitted_at"] = admitted.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ["discharged_at"] = final ? discharged.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : null,
            ["discharge_type"] = final && ipd ? Pick(DischargeTypes) : null,
            ["submission"] = submission,
        };
        var diagnoses = new JsonArray();
        for (var i = r.Next(0, 3); i > 0; i--)
        {
            diagnoses.Add(new JsonObject { ["encounter_code"] = "E1", ["diagnosis_type"] = Pick(DiagnosisTypes), ["code"] = $"{(char)('A' + r.Next(26))}{r.Next(0, 99):D2}" });
        }

        var invoices = new JsonArray();
        if (final || r.Next(2) == 0)
        {
            invoices.Add(new JsonObject
            {
                ["code"] = $"INV-{r.Next(1, 99999)}",
                ["visit_code"] = code,
                ["currency"] = "KHR",
                ["items"] = items,
                ["transport"] = transport,
                ["caretaker_food_days"] = days,
                ["total"] = total,
            });
        }

        return new JsonObject
        {
            ["patient"] = patient,
            ["visit"] = visit,
            [ipd ? "inpatients" : "outpatients"] = new JsonArray(new JsonObject { ["code"] = "E1", ["visit_code"] = code }),
            ["diagnoses"] = diagnoses,
            ["invoices"] = invoices,
        };
    }

    private static JsonObject Card(string type, string number) => new() { ["card_type"] = type, ["card_number"] = number };

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    private string Name()
    {
        var name = string.Concat(Enumerable.Range(0, _random.Next(1, 3)).Select(_ => Pick(KhmerSyllables)));
        return _random.Next(4) == 0 ? "\u200B" + name.Insert(1, "\u200B") : name;
    }

    /// <summary>Older facility systems write Khmer digits: about one value in four is sent that way.</summary>
    private string Digits(string value) =>
        _random.Next(4) == 0 ? string.Concat(value.Select(c => c is >= '0' and <= '9' ? (char)('\u17E0' + (c - '0')) : c)) : value;
}
