using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Interop.Adapters.Pmrs.Json;
using Interop.Contracts.Standards;

namespace Interop.Adapters.Pmrs.Visits;

/// <summary>
/// Reads and checks a PMRS visit body, every field, collecting every error (not only the first) with its dot path.
/// Codes are checked through the standards' CodeSystems and ConceptMaps, identifiers through their NamingSystems.
/// </summary>
internal sealed partial class VisitReader(PmrsStandards standards, ITariff tariff, FieldReader reader)
{
    private static readonly string[] EncounterArrays = ["triages", "outpatients", "inpatients", "emergencies", "progress_notes", "surgeries"];

    private readonly ITerminology _terminology = standards.Terminology;
    private readonly HashSet<string> _encounterCodes = new(StringComparer.Ordinal);
    private string? _linkCode;

    public PatientData? Patient { get; private set; }

    public VisitData? Visit { get; private set; }

    /// <summary>The visit code as sent (for the item key), even when the visit has errors.</summary>
    public string? VisitCode { get; private set; }

    public string? Submission { get; private set; }

    public List<DiagnosisData> Diagnoses { get; } = [];

    public List<InvoiceData> Invoices { get; } = [];

    /// <summary>Reads the whole visit.</summary>
    /// <param name="root">The body.</param>
    /// <param name="receivedOn">The day the gateway received it (Cambodia time): no birth date after it.</param>
    /// <param name="facilityHeader">The <c>X-Facility-Code</c> header, when sent: the visit must be that facility's.</param>
    public void Read(JsonElement root, DateOnly receivedOn, string? facilityHeader)
    {
        var patientElement = reader.Object(root, "patient", string.Empty, required: true);
        var visitElement = reader.Object(root, "visit", string.Empty, required: true);
        if (patientElement is { } p)
        {
            Patient = ReadPatient(p, receivedOn);
        }

        string? patientCode = Patient?.Code;
        if (visitElement is { } v)
        {
            Visit = ReadVisit(v, patientCode, Patient, facilityHeader);
        }

        foreach (var name in EncounterArrays)
        {
            var entries = reader.Array(root, name, string.Empty);
            for (var i = 0; i < entries.Count; i++)
            {
                var path = $"{name}.{i}";
                if (reader.Text(entries[i], "code", path, required: false) is { } code)
                {
                    _encounterCodes.Add(code);
                }

                CheckVisitLink(entries[i], path);
            }
        }

        ReadDiagnoses(root);
        ReadInvoices(root);
        reader.ListUnmapped(root, string.Empty, "patient", "visit", "diagnoses", "invoices");
    }

    private PatientData? ReadPatient(JsonElement patient, DateOnly receivedOn)
    {
        const string P = "patient";
        var errors = reader.Errors.Count;
        var code = Identifier(patient, "code", P, PmrsStandards.PatientCodeSystem, required: true, "patient code");
        var surname = KhmerName(patient, "surname", P);
        var name = KhmerName(patient, "name", P);
        var latinSurname = LatinName(patient, "latin_surname", P);
        var latinName = LatinName(patient, "latin_name", P);
        var gender = Translate(patient, "sex", P, "pmrs-sex-to-administrative-gender", required: true, "The sex must be M or F.");
        var birthDate = BirthDate(patient, receivedOn);
        var phone = Phone(patient);
        CheckCode(patient, "marital_status", P, "pmrs-marital-status");
        var village = Address(patient);
        var cards = new List<(string System, string Value)>();
        var identifications = reader.Array(patient, "identifications", P);
        for (var i = 0; i < identifications.Count; i++)
        {
            var path = $"{P}.identifications.{i}";
            var cardType = reader.Text(identifications[i], "card_type", path, required: true, "card type");
            var system = cardType is null ? null : standards.CardSystem(cardType);
            if (cardType is not null && system is null)
            {
                reader.Error(FieldReader.Join(path, "card_type"), "unknown-code", "The card type must be CARD-HEF, CARD-NSSF or CARD-NID.", cardType);
            }

            var number = system is null
                ? reader.Text(identifications[i], "card_number", path, required: true, "card number")
                : Identifier(identifications[i], "card_number", path, system, required: true, "card number");
            if (system is not null && number is not null)
            {
                cards.Add((system, number));
            }

            reader.ListUnmapped(identifications[i], path, "card_type", "card_number");
        }

        var spid = Identifier(patient, "spid", P, PmrsStandards.SpidSystem, required: false, "SPID");
        reader.ListUnmapped(patient, P, "code", "surname", "name", "latin_surname", "latin_name", "sex", "birthdate", "birthdate_is_estimated", "phone", "address", "identifications", "spid");
        if (reader.Errors.Count > errors || code is null || surname is null || name is null || gender is null || birthDate is null)
        {
            return null;
        }

        return new PatientData
        {
            Code = code,
            Surname = surname,
            Name = name,
            LatinSurname = latinSurname,
            LatinName = latinName,
            Gender = gender,
            BirthDate = birthDate,
            Phone = phone,
            Village = village,
            Spid = spid,
            Cards = cards,
        };
    }

    private VisitData? ReadVisit(JsonElement visit, string? patientCode, PatientData? patient, string? facilityHeader)
    {
        const string V = "visit";
        var errors = reader.Errors.Count;
        var rawCode = reader.Text(visit, "code", V, required: false);
        VisitCode = rawCode is null ? null : LegacyText.Identifier(rawCode);
        var code = Identifier(visit, "code", V, PmrsStandards.VisitCodeSystem, required: true, "visit code");
        _linkCode = code;
        var linkedPatient = reader.Text(visit, "patient_code", V, required: true, "patient code");
        if (linkedPatient is not null && patientCode is not null && !string.Equals(LegacyText.Identifier(linkedPatient), patientCode, StringComparison.Ordinal))
        {
            reader.Error("visit.patient_code", "inconsistent-values", "The patient code is not the code of the visit's patient.", linkedPatient);
        }

        var facility = Identifier(visit, "health_facility_code", V, PmrsStandards.FacilitySystem, required: true, "health facility code");
        if (facility is not null && facilityHeader is not null && !string.Equals(LegacyText.Identifier(facilityHeader), facility, StringComparison.Ordinal))
        {
            reader.Error("visit.health_facility_code", "inconsistent-values", "The visit's facility is not the facility of the X-Facility-Code header.", facility);
        }
        var visitType = Translate(visit, "visit_type", V, "pmrs-visit-type-to-visit-type", required: true, "The visit type is not a PMRS visit type.");
        var encounterClass = visitType is null ? null : _terminology.Translate("visit-type-to-encounter-class", visitType).Code;
        var admissionType = Translate(visit, "admission_type", V, "pmrs-admission-type-to-admission-type", required: false, "The admission type is not a PMRS admission type.");
        var referredFrom = Identifier(visit, "referred_from", V, PmrsStandards.FacilitySystem, required: false, "referring facility code");

        var paymentType = reader.Text(visit, "payment_type", V, required: true, "payment type");
        string? scheme = null;
        string? operatorSystem = null;
        if (paymentType is not null)
        {
            if (!_terminology.Contains("pmrs-payment-type", null, paymentType))
            {
                reader.Error("visit.payment_type", "unknown-code", "The payment type is not a PMRS payment type.", paymentType);
            }
            else if (_terminology.Translate("pmrs-payment-type-to-scheme", paymentType) is { IsMatch: true, Code: { } schemeCode })
            {
                scheme = schemeCode;
                operatorSystem = standards.SchemeOperator(schemeCode);
            }
        }

        (string System, string Value)? card = null;
        var cardNumber = reader.Text(visit, "card_number", V, required: scheme is not null, "card number");
        if (cardNumber is not null && patient is not null)
        {
            var normalized = LegacyText.Identifier(cardNumber);
            var match = patient.Cards.FirstOrDefault(c => string.Equals(c.Value, normalized, StringComparison.Ordinal));
            if (match.System is null)
            {
                reader.Error("visit.card_number", "inconsistent-values", "The card number is not one of the patient's identifications.", cardNumber);
            }
            else if (scheme is not null && standards.CardScheme(match.System) != scheme)
            {
                reader.Error("visit.card_number", "inconsistent-values", $"The card is not a card of the scheme that pays the visit ({scheme}).", cardNumber);
            }
            else
            {
                card = match;
            }
        }

        var admittedAt = Time(visit, "admitted_at", V, required: true);
        var submission = reader.Text(visit, "submission", V, required: true);
        Submission = submission;
        if (submission is not null)
        {
            if (!_terminology.Contains("pmrs-submission", null, submission))
            {
                reader.Error("visit.submission", "unknown-code", "The submission must be admission, update, discharge or final.", submission);
                submission = null;
            }
            else if (visitType is not null && (visitType == "IPD") == (submission == "final"))
            {
                reader.Error("visit.submission", "inconsistent-values", visitType == "IPD"
                    ? "An IPD visit is submitted at admission, update or discharge."
                    : "An OPD or emergency visit is submitted once, as final.", submission);
                submission = null;
            }
        }

        var dischargedAt = Time(visit, "discharged_at", V, required: submission == "discharge");
        if (dischargedAt is not null && admittedAt is not null && dischargedAt < admittedAt)
        {
            reader.Error("visit.discharged_at", "inconsistent-values", "The discharge is before the admission.");
        }

        var disposition = Translate(visit, "discharge_type", V, "pmrs-discharge-type-to-discharge-disposition", required: false, "The discharge type is not a PMRS discharge type.");
        CheckCode(visit, "visit_outcome", V, "pmrs-visit-outcome");
        reader.ListUnmapped(visit, V, "code", "patient_code", "health_facility_code", "visit_type", "admission_type", "referred_from", "payment_type", "card_number", "admitted_at", "discharged_at", "discharge_type", "submission");
        if (reader.Errors.Count > errors || code is null || facility is null || visitType is null || encounterClass is null || paymentType is null || admittedAt is null || submission is null)
        {
            return null;
        }

        return new VisitData
        {
            Code = code,
            Facility = facility,
            VisitType = visitType,
            EncounterClass = encounterClass,
            AdmissionType = admissionType,
            ReferredFrom = referredFrom,
            PaymentType = paymentType,
            Scheme = scheme,
            Operator = operatorSystem,
            Card = card,
            AdmittedAt = admittedAt.Value,
            DischargedAt = dischargedAt,
            DischargeDisposition = disposition,
            Submission = submission,
        };
    }

    private void ReadDiagnoses(JsonElement root)
    {
        var entries = reader.Array(root, "diagnoses", string.Empty);
        for (var i = 0; i < entries.Count; i++)
        {
            var path = $"diagnoses.{i}";
            if (reader.Text(entries[i], "encounter_code", path, required: false, "encounter code") is { } encounter && !_encounterCodes.Contains(encounter))
            {
                reader.Error(path + ".encounter_code", "inconsistent-values", "The encounter code is not the code of one of the visit's encounters.", encounter);
            }

            var type = Translate(entries[i], "diagnosis_type", path, "pmrs-diagnosis-type-to-diagnosis-type", required: true, "The diagnosis type is not a PMRS diagnosis type.");
            var code = reader.Text(entries[i], "code", path, required: true, "diagnosis code");
            if (code is not null && !Icd10().IsMatch(code))
            {
                reader.Error(path + ".code", "invalid-format", "The diagnosis code must be an ICD-10 code such as O80 or D50.9.", code);
                code = null;
            }

            reader.ListUnmapped(entries[i], path, "encounter_code", "diagnosis_type", "code");
            if (type is not null && code is not null)
            {
                Diagnoses.Add(new DiagnosisData(code, type));
            }
        }
    }

    private void ReadInvoices(JsonElement root)
    {
        var entries = reader.Array(root, "invoices", string.Empty);
        if (entries.Count == 0 && Visit is { IsFinal: true, Scheme: not null })
        {
            reader.Error("invoices", "missing-value", "A claim needs its invoice at discharge (IPD) or at the end of the visit (OPD, emergency).");
        }

        var caseGroups = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var path = $"invoices.{i}";
            var errors = reader.Errors.Count;
            var code = Identifier(entries[i], "code", path, PmrsStandards.InvoiceCodeSystem, required: true, "invoice code");
            CheckVisitLink(entries[i], path);
            var currency = reader.Text(entries[i], "currency", path, required: true);
            if (currency == "USD")
            {
                reader.Error(path + ".currency", "missing-exchange-rate", "The invoice is in USD and PMRS sends no exchange rate: send the invoice in KHR (riel).", currency);
            }
            else if (currency is not null && currency != "KHR")
            {
                reader.Error(path + ".currency", "unknown-code", "The currency must be KHR.", currency);
            }

            var lines = new List<ClaimLine>();
            var items = reader.Array(entries[i], "items", path);
            if (items.Count == 0)
            {
                reader.Error(path + ".items", "missing-value", "An invoice has at least one item.");
            }

            decimal sum = 0;
            for (var j = 0; j < items.Count; j++)
            {
                var itemPath = $"{path}.items.{j}";
                var service = ServiceLine(items[j], itemPath, ref caseGroups);
                var quantity = reader.Number(items[j], "quantity", itemPath, required: true, minimum: 1, whole: true);
                var price = reader.Number(items[j], "unit_price", itemPath, required: true, minimum: 0, whole: false);
                reader.ListUnmapped(items[j], itemPath, "service_code", "quantity", "unit_price");
                if (service is { } s && quantity is { } q && price is { } u)
                {
                    lines.Add(new ClaimLine(s.System, s.Code, q, u));
                    sum += q * u;
                }
            }

            var transport = reader.Number(entries[i], "transport", path, required: false, minimum: 0, whole: false) ?? 0;
            var foodDays = reader.Number(entries[i], "caretaker_food_days", path, required: false, minimum: 0, whole: true) ?? 0;
            var total = reader.Number(entries[i], "total", path, required: true, minimum: 0, whole: false);
            reader.ListUnmapped(entries[i], path, "code", "visit_code", "currency", "items", "transport", "caretaker_food_days", "total");
            if (reader.Errors.Count > errors || code is null || total is null)
            {
                continue;
            }

            var food = foodDays * tariff.FoodAllowancePerDay;
            var expected = sum + transport + food;
            if (expected != total)
            {
                reader.Error(path + ".total", "total-mismatch", string.Create(CultureInfo.InvariantCulture,
                    $"The total {total} does not equal the items ({sum}) plus transport ({transport}) plus {foodDays} caretaker food days at {tariff.FoodAllowancePerDay} ({food}): {expected}."), total.Value.ToString(CultureInfo.InvariantCulture));
                continue;
            }

            var feeItem = PmrsStandards.CodeSystem("fee-item");
            if (transport > 0)
            {
                lines.Add(new ClaimLine(feeItem, "TRANSPORT", 1, transport));
            }

            if (foodDays > 0)
            {
                lines.Add(new ClaimLine(feeItem, "CARETAKER-FOOD", foodDays, tariff.FoodAllowancePerDay));
            }

            Invoices.Add(new InvoiceData(code, lines, total.Value, foodDays));
        }
    }

    private (string System, string Code)? ServiceLine(JsonElement item, string path, ref int caseGroups)
    {
        var code = reader.Text(item, "service_code", path, required: true, "service code");
        if (code is null)
        {
            return null;
        }

        var hef = PmrsStandards.CodeSystem("hef-service");
        var nssf = PmrsStandards.CodeSystem("nssf-case-group");
        var system = _terminology.Display(hef, code) is not null ? hef : _terminology.Display(nssf, code) is not null ? nssf : null;
        if (system is null)
        {
            reader.Error(path + ".service_code", "unknown-code", "The service code is neither an HEF service nor an NSSF case group.", code);
            return null;
        }

        var billable = Visit?.Scheme switch
        {
            null => true,
            "HEF" => system == hef,
            _ => system == nssf,
        };
        if (!billable)
        {
            reader.Error(path + ".service_code", "invalid-value", $"The service code cannot be billed to the visit's payment type ({Visit!.Scheme}).", code);
            return null;
        }

        if (system == nssf && ++caseGroups > 1)
        {
            reader.Error(path + ".service_code", "invalid-value", "An NSSF claim bills at most one case group.", code);
            return null;
        }

        return (system, code);
    }

    private void CheckVisitLink(JsonElement element, string path)
    {
        if (reader.Text(element, "visit_code", path, required: false, "visit code") is { } linked && _linkCode is not null
            && !string.Equals(LegacyText.Identifier(linked), _linkCode, StringComparison.Ordinal))
        {
            reader.Error(path + ".visit_code", "inconsistent-values", "The visit code is not the code of the visit.", linked);
        }
    }

    private string? Identifier(JsonElement parent, string name, string parentPath, string system, bool required, string label)
    {
        var text = reader.Text(parent, name, parentPath, required, label);
        if (text is null)
        {
            return null;
        }

        var value = LegacyText.Identifier(text);
        switch (standards.Identifiers.Check(system, value))
        {
            case IdentifierCheck.Valid:
                return value;
            case IdentifierCheck.InvalidCheckDigit:
                reader.Error(FieldReader.Join(parentPath, name), "invalid-check-digit", $"The {label} has a wrong check digit.", text);
                return null;
            default:
                reader.Error(FieldReader.Join(parentPath, name), "invalid-format", $"The {label} does not have the format of a {label}.", text);
                return null;
        }
    }

    private string? Translate(JsonElement parent, string name, string parentPath, string conceptMap, bool required, string reason)
    {
        var code = reader.Text(parent, name, parentPath, required);
        if (code is null)
        {
            return null;
        }

        var translation = _terminology.Translate(conceptMap, code);
        if (translation is { IsMatch: true, Code: { } target })
        {
            return target;
        }

        reader.Error(FieldReader.Join(parentPath, name), "unknown-code", reason, code);
        return null;
    }

    private void CheckCode(JsonElement parent, string name, string parentPath, string valueSet)
    {
        if (reader.Text(parent, name, parentPath, required: false) is { } code && !_terminology.Contains(valueSet, null, code))
        {
            reader.Error(FieldReader.Join(parentPath, name), "unknown-code", $"The {name.Replace('_', ' ')} is not a PMRS code.", code);
        }
    }

    private string? KhmerName(JsonElement patient, string name, string parentPath)
    {
        var text = reader.Text(patient, name, parentPath, required: true);
        if (text is null)
        {
            return null;
        }

        var normalized = LegacyText.Name(text);
        if (normalized.Length == 0)
        {
            reader.Error(FieldReader.Join(parentPath, name), "missing-value", $"The {name} is required.");
            return null;
        }

        if (!LegacyText.HasKhmerLetter(normalized))
        {
            reader.Error(FieldReader.Join(parentPath, name), "invalid-format", $"The {name} is written in Khmer script (latin_{name} holds the romanization).", text);
            return null;
        }

        return normalized;
    }

    private string? LatinName(JsonElement patient, string name, string parentPath)
    {
        var text = reader.Text(patient, name, parentPath, required: false);
        if (text is null)
        {
            return null;
        }

        var normalized = LegacyText.Name(text).ToUpperInvariant();
        if (!Latin().IsMatch(normalized))
        {
            reader.Error(FieldReader.Join(parentPath, name), "invalid-format", $"The {name.Replace('_', ' ')} is an upper-case romanization (A-Z, spaces, apostrophes, dashes).", text);
            return null;
        }

        return normalized;
    }

    private string? BirthDate(JsonElement patient, DateOnly receivedOn)
    {
        const string Path = "patient.birthdate";
        var estimated = reader.Boolean(patient, "birthdate_is_estimated", "patient", absent: false);
        var text = reader.Text(patient, "birthdate", "patient", required: true);
        if (text is null)
        {
            return null;
        }

        if (!LegacyText.TryDate(text, out var date))
        {
            reader.Error(Path, "invalid-format", "The birthdate is not a valid date.", text);
            return null;
        }

        if (date > receivedOn)
        {
            reader.Error(Path, "invalid-value", "The birthdate is in the future.", text);
            return null;
        }

        // An estimated birth date (sent as YYYY-01-01) is a birth year: FHIR says so with a 4-digit birthDate.
        return estimated
            ? date.Year.ToString("D4", CultureInfo.InvariantCulture)
            : date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private string? Phone(JsonElement patient)
    {
        var text = reader.Text(patient, "phone", "patient", required: false);
        if (text is null)
        {
            return null;
        }

        var phone = LegacyText.Phone(text);
        if (!PhoneNumber().IsMatch(phone))
        {
            reader.Error("patient.phone", "invalid-format", "The phone number has 8 to 15 digits, optionally after a +.", text);
            return null;
        }

        return phone;
    }

    private string? Address(JsonElement patient)
    {
        const string A = "patient.address";
        if (reader.Object(patient, "address", "patient", required: false) is not { } address)
        {
            return null;
        }

        string? parent = null;
        string? village = null;
        foreach (var (level, length) in new[] { ("province", 2), ("district", 4), ("commune", 6), ("village", 8) })
        {
            var path = FieldReader.Join(A, level);
            if (reader.Object(address, level, A, required: level == "village") is not { } part)
            {
                parent = null;
                continue;
            }

            var code = reader.Text(part, "code", path, required: true, $"{level} code");
            if (code is null)
            {
                parent = null;
                continue;
            }

            var value = LegacyText.Identifier(code);
            if (standards.Identifiers.Check(PmrsStandards.Sid + "gazetteer-" + level, value) != IdentifierCheck.Valid)
            {
                reader.Error(path + ".code", "invalid-format", $"The {level} code has {length} digits.", code);
                parent = null;
                continue;
            }

            if (parent is not null && !value.StartsWith(parent, StringComparison.Ordinal))
            {
                reader.Error(path + ".code", "invalid-parent-code", $"The {level} code does not start with its parent's code ({parent}).", code);
            }

            parent = value;
            village = level == "village" ? value : village;
            reader.ListUnmapped(part, path, level == "village" ? ["code"] : []);
        }

        reader.ListUnmapped(address, A, "province", "district", "commune", "village");
        return village;
    }

    private DateTimeOffset? Time(JsonElement parent, string name, string parentPath, bool required)
    {
        var text = reader.Text(parent, name, parentPath, required);
        if (text is null)
        {
            return null;
        }

        if (LegacyText.TryCambodiaTime(text, out var time))
        {
            return time;
        }

        reader.Error(FieldReader.Join(parentPath, name), "invalid-format", "The time must be YYYY-MM-DD HH:mm:ss (Cambodia time).", text);
        return null;
    }

    [GeneratedRegex("^[A-Z][A-Z' -]*$")]
    private static partial Regex Latin();

    [GeneratedRegex("^\\+?[0-9]{8,15}$")]
    private static partial Regex PhoneNumber();

    [GeneratedRegex("^[A-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?$")]
    private static partial Regex Icd10();
}
