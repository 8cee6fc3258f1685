using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Hl7.Fhir.Model;
using Interop.Adapters.Hspis.Xml;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Hspis.Mapping;

/// <summary>
/// <c>ClaimBatch</c> → one item per <c>Claim</c>, each standing or falling alone: the visit as an <c>Encounter</c>
/// (<c>encounter-submit</c>) and the claim as a <c>Claim</c> (<c>claim-submit</c>) for the NSSF.
/// </summary>
internal sealed partial class ClaimBatchMapper(FieldReader fields, HspisOptions options)
{
    /// <summary>The case groups of the standards with the visit type each is for, read once (a batch asks 5,000 times).</summary>
    private readonly Dictionary<string, string?> _caseGroups = fields.Terminology.Concepts("nssf-case-group")
        .ToDictionary(c => c.Code, c => c.Properties.TryGetValue("visit-type", out var visit) ? visit : null, StringComparer.Ordinal);

    private static readonly IReadOnlySet<string> BatchKnown = new HashSet<string>(StringComparer.Ordinal) { "Header", "FacilityCode", "Period", "Claim" };

    private static readonly IReadOnlySet<string> ClaimKnown = new HashSet<string>(StringComparer.Ordinal)
    {
        "ClaimNo", "ClaimType", "NssfId", "Spid", "VisitType", "AdmitDate", "DischargeDate", "CaseGroup", "Diagnosis",
        "Procedure", "FeeItem", "ClaimedAmount", "SickLeaveDays", "MaternityLeave", "Receipts",
    };

    public InboundMapping Map(HspisMessage message, ISet<string> unmapped)
    {
        var messageErrors = new List<FieldError>();
        var batch = new ElementScope(message.Root, "", messageErrors);
        batch.CollectUnknown("", BatchKnown, unmapped);

        // The batch's facility is the provider of every claim in it: without it nothing can be claimed.
        var facility = fields.Identifier(batch, "FacilityCode", Canon.Facility, "FacilityCode", required: true);
        if (batch.Text("Period") is { } period && !DateOnly.TryParseExact(LegacyValues.AsciiDigits(period) + "01", "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            batch.Error("Period", "invalid-format", "Period is a month yyyyMM.", period);
        }

        var claims = message.Root.Elements(HspisXml.Ns + "Claim").ToList();
        if (claims.Count == 0)
        {
            batch.Error("Claim", "missing-element", "A ClaimBatch holds at least one Claim.");
        }
        else if (claims.Count > options.MaxClaimsPerBatch)
        {
            messageErrors.Add(new FieldError($"Claim[{options.MaxClaimsPerBatch + 1}]", "invalid-value",
                $"A ClaimBatch holds at most {options.MaxClaimsPerBatch} claims; this one holds {claims.Count}."));
        }

        if (messageErrors.Count > 0)
        {
            return new InboundMapping { MessageErrors = messageErrors, IdempotencyKey = message.MessageId };
        }

        // Period is checked but not carried: each claim has its own dates, and the NSSF groups by them.
        if (message.Root.Element(HspisXml.Ns + "Period") is not null)
        {
            unmapped.Add("Period");
        }

        var items = new MappedItem[claims.Count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < claims.Count; i++)
        {
            items[i] = MapClaim(message, claims[i], i + 1, facility!, seen, unmapped);

            // A mapped claim's elements are not read again: let them go while the rest of the batch is mapped, so a
            // batch never holds its whole element tree and all its resources at once.
            claims[i].Remove();
            claims[i] = null!;
        }

        return new InboundMapping
        {
            IdempotencyKey = message.MessageId,
            UnmappedFields = [.. unmapped.Order(StringComparer.Ordinal)],
            Items = items,
        };
    }

    private MappedItem MapClaim(HspisMessage message, XElement element, int position, string facility, Dictionary<string, int> seen, ISet<string> unmapped)
    {
        var key = $"Claim[{position}]";
        var errors = new List<FieldError>();
        var c = new ElementScope(element, key, errors);
        c.CollectUnknown("Claim", ClaimKnown, unmapped);

        var claimNo = fields.Identifier(c, "ClaimNo", Canon.ClaimNumber, "ClaimNo", required: true);
        if (claimNo is not null && !seen.TryAdd(claimNo, position))
        {
            c.Error("ClaimNo", "inconsistent-values", $"ClaimNo is also used by Claim[{seen[claimNo]}] of this batch.", claimNo);
        }

        var claimType = c.Required("ClaimType", "ClaimType");
        if (claimType is not null && !fields.Terminology.Contains("hspis-claim-type", Canon.ClaimTypeSystem, claimType))
        {
            c.Error("ClaimType", "unknown-code", $"{claimType} is not a claim type (CASE, REIMBURSEMENT).", claimType);
            claimType = null;
        }

        var nssfId = fields.Identifier(c, "NssfId", Canon.NssfMember, "NssfId", required: true);
        var spid = fields.Identifier(c, "Spid", Canon.Spid, "Spid", required: false);
        var visitType = fields.Translate(c, "VisitType", "hspis-visit-type-to-visit-type", "visit type (OPD, IPD)", required: true);
        var encounterClass = visitType is null ? null : fields.Terminology.Translate("visit-type-to-encounter-class", visitType.Code!);
        var isInpatient = visitType?.Code == "IPD";

        var admit = fields.Date(c, "AdmitDate", "AdmitDate", required: true);
        var discharge = fields.Date(c, "DischargeDate", "DischargeDate", required: isInpatient);
        if (admit is not null && discharge is not null && discharge < admit)
        {
            c.Error("DischargeDate", "inconsistent-values", "DischargeDate is before AdmitDate.", c.Text("DischargeDate"));
        }

        if (admit is { } a && a > DateOnly.FromDateTime(message.SentAt.DateTime))
        {
            c.Error("AdmitDate", "invalid-value", "AdmitDate is after the batch was sent.", c.Text("AdmitDate"));
        }

        var caseGroup = CaseGroup(c, claimType, visitType?.Code);
        var diagnoses = Diagnoses(c);
        var procedures = c.Children("Procedure").Select(p => p.Value.Trim()).Where(p => p.Length > 0).ToList();

        // Errors so far are about other fields; the totals are checked whenever every amount could be read.
        var errorsBeforeAmounts = errors.Count;
        var converted = false;
        var fees = new List<(string Code, decimal Amount)>();
        var feePosition = 0;
        foreach (var fee in c.Children("FeeItem"))
        {
            feePosition++;
            var feeScope = new ElementScope(fee, $"{key}/FeeItem[{feePosition}]", errors);
            var code = ((string?)fee.Attribute("code"))?.Trim();
            if (string.IsNullOrEmpty(code))
            {
                errors.Add(new FieldError(feeScope.PathOf("@code"), "missing-value", "A FeeItem has a code."));
            }
            else if (!fields.Terminology.Contains("fee-item", Canon.FeeItemSystem, code))
            {
                errors.Add(new FieldError(feeScope.PathOf("@code"), "unknown-code", $"{code} is not a fee item.", code));
                code = null;
            }

            var amountScope = feeScope.Scope("Amount");
            if (amountScope.Element is null)
            {
                feeScope.Error("Amount", "missing-value", "A FeeItem has an Amount.");
                continue;
            }

            if (fields.Money(amountScope, message.ExchangeRate, ref converted) is { } amount && code is not null)
            {
                fees.Add((code, amount));
            }
        }

        var receipts = Receipts(c, claimType, message.ExchangeRate, ref converted);

        decimal? claimed = null;
        var claimedScope = c.Scope("ClaimedAmount");
        if (claimedScope.Element is null)
        {
            c.Error("ClaimedAmount", "missing-value", "ClaimedAmount is required.");
        }
        else
        {
            claimed = fields.Money(claimedScope, message.ExchangeRate, ref converted);
        }

        var amountsRead = errors.Count == errorsBeforeAmounts;
        int? sickLeave = null;
        if (c.Text("SickLeaveDays") is { } sickText)
        {
            if (int.TryParse(LegacyValues.AsciiDigits(sickText), NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days <= 366)
            {
                sickLeave = days;
            }
            else
            {
                c.Error("SickLeaveDays", "invalid-format", "SickLeaveDays is a whole number of days (0 to 366).", sickText);
            }
        }

        bool? maternity = null;
        if (c.Text("MaternityLeave") is { } maternityText)
        {
            maternity = maternityText switch
            {
                "true" or "1" => true,
                "false" or "0" => false,
                _ => null,
            };
            if (maternity is null)
            {
                c.Error("MaternityLeave", "invalid-format", "MaternityLeave is true or false.", maternityText);
            }
        }

        // The claimed amount is the whole claim: the case (or the receipts) plus the fee-for-service items.
        decimal caseAmount = 0;
        if (claimed is { } total && amountsRead && claimType is not null)
        {
            var feeSum = fees.Sum(f => f.Amount);
            if (claimType == "CASE")
            {
                caseAmount = total - feeSum;
                if (caseAmount < 0)
                {
                    c.Error("ClaimedAmount", "total-mismatch", $"ClaimedAmount is less than its fee items ({LegacyValues.LegacyAmount(feeSum)} KHR).", LegacyValues.LegacyAmount(total));
                }
            }
            else if (total != feeSum + receipts.Sum(r => r.Amount))
            {
                c.Error("ClaimedAmount", "total-mismatch", $"ClaimedAmount is not the sum of the receipts and fee items ({LegacyValues.LegacyAmount(feeSum + receipts.Sum(r => r.Amount))} KHR).", LegacyValues.LegacyAmount(total));
            }
        }

        if (errors.Count > 0)
        {
            return new MappedItem { Key = key, Errors = errors };
        }

        var (patientSystem, patientValue) = spid is not null ? (Canon.Spid, spid) : (Canon.NssfMember, nssfId!);
        var start = LegacyValues.FhirDate(admit!.Value);
        var end = discharge is { } d ? LegacyValues.FhirDate(d) : null;
        var encounter = new Encounter
        {
            Id = DeterministicId.For("enc", Canon.ClaimNumber, claimNo!),
            Meta = new Meta { Profile = [Canon.EncounterProfile] },
            Identifier = [new Identifier(Canon.ClaimNumber, claimNo)],
            Status = Encounter.EncounterStatus.Finished,
            Class = new Coding(encounterClass!.System, encounterClass.Code, encounterClass.Display),
            Subject = FieldReader.ByIdentifier(patientSystem, patientValue),
            Period = new Period { Start = start, End = end },
            ServiceProvider = FieldReader.ByIdentifier(Canon.Facility, facility),
        };

        var claim = new Claim
        {
            Id = DeterministicId.For("claim", Canon.ClaimNumber, claimNo!),
            Meta = new Meta { Profile = [claimType == "CASE" ? Canon.NssfClaimProfile : Canon.ClaimProfile] },
            Identifier = [new Identifier(Canon.ClaimNumber, claimNo)],
            Status = FinancialResourceStatusCodes.Active,
            Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/claim-type", "institutional"),
            SubType = new CodeableConcept(Canon.VisitTypeSystem, visitType!.Code),
            Use = ClaimUseCode.Claim,
            Patient = FieldReader.ByIdentifier(patientSystem, patientValue),
            BillablePeriod = new Period { Start = start, End = end },
            Created = LegacyValues.FhirDateTime(message.SentAt),
            Provider = FieldReader.ByIdentifier(Canon.Facility, facility),
            Priority = new CodeableConcept("http://terminology.hl7.org/CodeSystem/processpriority", "normal"),
            Payee = new Claim.PayeeComponent
            {
                // Who is paid says what kind of claim it is: the facility for a case, the member for a reimbursement.
                Type = new CodeableConcept
                {
                    Coding =
                    [
                        new Coding("http://terminology.hl7.org/CodeSystem/payeetype", claimType == "CASE" ? "provider" : "subscriber"),
                        new Coding(Canon.ClaimTypeSystem, claimType),
                    ],
                },
            },
            Insurance = [new Claim.InsuranceComponent { Sequence = 1, Focal = true, Coverage = FieldReader.ByIdentifier(Canon.NssfMember, nssfId!) }],
        };

        var info = 0;
        if (sickLeave is { } sick)
        {
            claim.SupportingInfo.Add(Info(++info, "sick-leave-days", new Quantity { Value = sick, Unit = "d", System = "http://unitsofmeasure.org", Code = "d" }));
        }

        if (maternity is { } leave)
        {
            claim.SupportingInfo.Add(Info(++info, "maternity-leave", new FhirBoolean(leave)));
        }

        if (converted)
        {
            claim.SupportingInfo.Add(Info(++info, "exchange-rate", new Quantity { Value = message.ExchangeRate, Unit = "KHR/USD" }));
        }

        for (var i = 0; i < diagnoses.Count; i++)
        {
            claim.Diagnosis.Add(new Claim.DiagnosisComponent
            {
                Sequence = i + 1,
                Diagnosis = new CodeableConcept(Canon.Icd10, diagnoses[i].Code),
                Type = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/ex-diagnosistype", diagnoses[i].Primary ? "principal" : "clinical")],
            });
        }

        for (var i = 0; i < procedures.Count; i++)
        {
            claim.Procedure.Add(new Claim.ProcedureComponent { Sequence = i + 1, Procedure = new CodeableConcept { Text = procedures[i] } });
        }

        if (claimType == "CASE")
        {
            claim.Item.Add(Item(claim.Item.Count + 1, new CodeableConcept(Canon.CaseGroupSystem, caseGroup), caseAmount, null));
        }

        foreach (var receipt in receipts)
        {
            claim.Item.Add(Item(claim.Item.Count + 1, new CodeableConcept(Canon.ReimbursementItemSystem, "RECEIPT") { Text = "Receipt " + receipt.No }, receipt.Amount, receipt.Date));
        }

        foreach (var (code, amount) in fees)
        {
            claim.Item.Add(Item(claim.Item.Count + 1, new CodeableConcept(Canon.FeeItemSystem, code), amount, null));
        }

        claim.Total = FieldReader.Riel(claimed!.Value);

        return new MappedItem
        {
            Key = key,
            Interactions =
            [
                new FhirInteraction
                {
                    Purpose = "encounter-submit",
                    Destination = Destination.Operator,
                    Operator = options.NssfOperator,
                    Verb = FhirVerb.Put,
                    Url = "Encounter/" + encounter.Id,
                    Resource = encounter,
                    Profile = Canon.EncounterProfile,
                    PolicyInteraction = "encounter-submit",
                },
                new FhirInteraction
                {
                    Purpose = "claim-submit",
                    Destination = Destination.Operator,
                    Operator = options.NssfOperator,
                    Verb = FhirVerb.Post,
                    Url = "Claim/$submit",
                    Resource = claim,
                    Profile = claim.Meta.Profile.First(),
                    PolicyInteraction = "claim-submit",
                    DependsOn = ["encounter-submit"],
                },
            ],
        };
    }

    private string? CaseGroup(ElementScope c, string? claimType, string? visitType)
    {
        var caseGroup = c.Text("CaseGroup");
        if (claimType == "REIMBURSEMENT")
        {
            if (caseGroup is not null)
            {
                c.Error("CaseGroup", "inconsistent-values", "A REIMBURSEMENT claim carries Receipts, not a CaseGroup.", caseGroup);
            }

            return null;
        }

        if (claimType != "CASE")
        {
            return null;
        }

        if (caseGroup is null)
        {
            c.Error("CaseGroup", "missing-value", "A CASE claim names its case group (CG01 to CG52).");
            return null;
        }

        if (!_caseGroups.TryGetValue(caseGroup, out var groupVisit))
        {
            c.Error("CaseGroup", "unknown-code", $"{caseGroup} is not a case group", caseGroup);
            return null;
        }

        if (visitType is not null && groupVisit is not null && groupVisit != visitType)
        {
            c.Error("CaseGroup", "inconsistent-values", $"{caseGroup} is a {groupVisit} case group; the claim is {visitType}.", caseGroup);
            return null;
        }

        return caseGroup;
    }

    private static List<(string Code, bool Primary)> Diagnoses(ElementScope c)
    {
        var result = new List<(string Code, bool Primary)>();
        var position = 0;
        var primaries = 0;
        foreach (var diagnosis in c.Children("Diagnosis"))
        {
            position++;
            var path = $"Diagnosis[{position}]";
            var code = diagnosis.Value.Trim().ToUpperInvariant();
            var primaryText = ((string?)diagnosis.Attribute("primary"))?.Trim();
            var primary = primaryText is "true" or "1";
            if (primaryText is not (null or "true" or "false" or "1" or "0"))
            {
                c.Error(path + "/@primary", "invalid-format", "primary is true or false.", primaryText);
            }

            if (code.Length == 0)
            {
                c.Error(path, "missing-value", "A Diagnosis holds an ICD-10 code.");
                continue;
            }

            if (!Icd10().IsMatch(code))
            {
                c.Error(path, "invalid-format", $"{code} is not an ICD-10 code (O82, O99.0).", code);
                continue;
            }

            if (primary && ++primaries > 1)
            {
                c.Error(path + "/@primary", "inconsistent-values", "Only one Diagnosis is primary.", primaryText);
            }

            result.Add((code, primary));
        }

        if (position == 0)
        {
            c.Error("Diagnosis", "missing-value", "A claim has at least one Diagnosis.");
        }

        // With no diagnosis marked primary, the first one is.
        if (primaries == 0 && result.Count > 0)
        {
            result[0] = (result[0].Code, true);
        }

        result.Sort((x, y) => y.Primary.CompareTo(x.Primary));
        return result;
    }

    private List<(string No, string Date, decimal Amount)> Receipts(ElementScope c, string? claimType, decimal? rate, ref bool converted)
    {
        var result = new List<(string No, string Date, decimal Amount)>();
        var receipts = c.Child("Receipts")?.Elements(HspisXml.Ns + "Receipt").ToList() ?? [];
        if (claimType == "CASE" && receipts.Count > 0)
        {
            c.Error("Receipts", "inconsistent-values", "A CASE claim is paid per case group and carries no Receipts.");
            return result;
        }

        if (claimType != "REIMBURSEMENT")
        {
            return result;
        }

        if (receipts.Count == 0)
        {
            c.Error("Receipts", "missing-value", "A REIMBURSEMENT claim carries the member's Receipts.");
            return result;
        }

        for (var i = 0; i < receipts.Count; i++)
        {
            var scope = new ElementScope(receipts[i], c.PathOf($"Receipts/Receipt[{i + 1}]"), c.Errors);
            var no = ((string?)receipts[i].Attribute("no"))?.Trim();
            var dateText = ((string?)receipts[i].Attribute("date"))?.Trim();
            if (string.IsNullOrEmpty(no))
            {
                c.Errors.Add(new FieldError(scope.PathOf("@no"), "missing-value", "A Receipt has its number."));
            }

            DateOnly date = default;
            if (string.IsNullOrEmpty(dateText))
            {
                c.Errors.Add(new FieldError(scope.PathOf("@date"), "missing-value", "A Receipt has its date."));
            }
            else if (!LegacyValues.TryDate(dateText, out date))
            {
                c.Errors.Add(new FieldError(scope.PathOf("@date"), "invalid-format", "A Receipt date is yyyyMMdd.", dateText));
            }

            var amountScope = scope.Scope("Amount");
            if (amountScope.Element is null)
            {
                scope.Error("Amount", "missing-value", "A Receipt has an Amount.");
                continue;
            }

            if (fields.Money(amountScope, rate, ref converted) is { } amount && !string.IsNullOrEmpty(no) && date != default)
            {
                result.Add((no, LegacyValues.FhirDate(date), amount));
            }
        }

        return result;
    }

    private static Claim.SupportingInformationComponent Info(int sequence, string category, DataType value) => new()
    {
        Sequence = sequence,
        Category = new CodeableConcept(Canon.InformationCategorySystem, category),
        Value = value,
    };

    private static Claim.ItemComponent Item(int sequence, CodeableConcept product, decimal amount, string? date) => new()
    {
        Sequence = sequence,
        ProductOrService = product,
        Serviced = date is null ? null : new Date(date),
        Quantity = new Quantity { Value = 1 },
        UnitPrice = FieldReader.Riel(amount),
        Net = FieldReader.Riel(amount),
    };

    [GeneratedRegex("^[A-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Icd10();
}
