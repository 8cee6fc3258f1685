using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Interop.Adapters.Hspis.Xml;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Hspis.Mapping;

/// <summary>
/// <c>MemberRequest</c> → an identity-only <c>Patient</c> for the registry (<c>register</c>) and the member's
/// <c>Coverage</c> for the NSSF (<c>member-submit</c>), which alone carries the program data: member type, employer, wage.
/// </summary>
internal sealed class MemberMapper(FieldReader fields, HspisOptions options)
{
    private static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "NssfId", "MemberType", "PrincipalNssfId", "KhmerId", "LastNameKh", "FirstNameKh", "LastNameEn", "FirstNameEn",
        "Sex", "BirthDate", "VillageCode", "Phone", "EmployerRegNo", "MonthlyWage", "CoverageStart", "CoverageEnd",
    };

    public InboundMapping Map(HspisMessage message, ISet<string> unmapped)
    {
        var errors = new List<FieldError>();
        var memberElement = message.Root.Element(HspisXml.Ns + "Member");
        if (memberElement is null)
        {
            return InboundMapping.Refused(new FieldError("Member", "missing-element", "The MemberRequest has no Member."));
        }

        var m = new ElementScope(memberElement, "Member", errors);
        m.CollectUnknown("Member", Known, unmapped);

        var nssfId = fields.Identifier(m, "NssfId", Canon.NssfMember, "NssfId", required: true);
        var memberType = m.Required("MemberType", "MemberType");
        if (memberType is not null && !fields.Terminology.Contains("nssf-member-type", Canon.MemberTypeSystem, memberType))
        {
            m.Error("MemberType", "unknown-code", $"{memberType} is not a member type (EMP, CIV, SELF, DEP).", memberType);
            memberType = null;
        }

        var isDependent = memberType == "DEP";
        var principal = fields.Identifier(m, "PrincipalNssfId", Canon.NssfMember, "PrincipalNssfId", required: isDependent);
        if (principal is not null && memberType is not null && !isDependent)
        {
            m.Error("PrincipalNssfId", "inconsistent-values", "Only a dependent (DEP) names a principal member.", principal);
        }
        else if (principal is not null && principal == nssfId)
        {
            m.Error("PrincipalNssfId", "inconsistent-values", "A dependent cannot be their own principal member.", principal);
        }

        // Only people of 15 and over hold a Khmer ID: dependents may have none, workers must.
        var khmerId = fields.Identifier(m, "KhmerId", Canon.KhmerId, "KhmerId", required: memberType is not null && !isDependent);

        var lastKh = KhmerName(m, "LastNameKh");
        var firstKh = KhmerName(m, "FirstNameKh");
        var lastEn = LatinName(m, "LastNameEn");
        var firstEn = LatinName(m, "FirstNameEn");
        var gender = fields.Translate(m, "Sex", "hspis-sex-to-administrative-gender", "sex (1 male, 2 female)", required: true);
        var birthDate = fields.Date(m, "BirthDate", "BirthDate", required: true);
        if (birthDate is { } born && born > DateOnly.FromDateTime(message.SentAt.DateTime))
        {
            m.Error("BirthDate", "invalid-value", "BirthDate is after the message was sent.", m.Text("BirthDate"));
        }

        var village = fields.Identifier(m, "VillageCode", Canon.Village, "VillageCode", required: false);
        string? phone = null;
        if (m.Text("Phone") is { } phoneText && !LegacyValues.TryPhone(phoneText, out phone))
        {
            m.Error("Phone", "invalid-format", "Phone is a Cambodian number (012345678 or +85512345678).", phoneText);
            phone = null;
        }

        var employer = fields.Identifier(m, "EmployerRegNo", Canon.Employer, "EmployerRegNo", required: memberType == "EMP");
        decimal? wage = null;
        var converted = false;
        if (m.Child("MonthlyWage") is { } wageElement && (wageElement.Value.Trim().Length > 0 || wageElement.HasAttributes))
        {
            wage = fields.Money(m.Scope("MonthlyWage"), message.ExchangeRate, ref converted);
        }

        var start = fields.Date(m, "CoverageStart", "CoverageStart", required: true);
        var end = fields.Date(m, "CoverageEnd", "CoverageEnd", required: false);
        if (start is not null && end is not null && end < start)
        {
            m.Error("CoverageEnd", "inconsistent-values", "CoverageEnd is before CoverageStart.", m.Text("CoverageEnd"));
        }

        if (errors.Count > 0)
        {
            return Refused(message, errors, unmapped);
        }

        var patient = new Patient
        {
            Id = DeterministicId.For("pat", Canon.NssfMember, nssfId!),
            Meta = new Meta { Profile = [Canon.PatientProfile] },
            Identifier = [new Identifier(Canon.NssfMember, nssfId)],
            Name = [Name("Khmr", lastKh!, firstKh!)],
            Gender = EnumUtility.ParseLiteral<AdministrativeGender>(gender!.Code!),
            BirthDate = LegacyValues.FhirDate(birthDate!.Value),
        };
        if (khmerId is not null)
        {
            patient.Identifier.Add(new Identifier(Canon.KhmerId, khmerId));
        }

        if (lastEn is not null || firstEn is not null)
        {
            patient.Name.Add(Name("Latn", lastEn, firstEn));
        }

        if (phone is not null)
        {
            patient.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, phone));
        }

        if (village is not null)
        {
            patient.Address.Add(new Address
            {
                Extension = [new Extension(Canon.AddressVillage, new Identifier(Canon.Village, village))],
            });
        }

        var coverage = new Coverage
        {
            Id = DeterministicId.For("cov", Canon.NssfMember, nssfId!),
            Meta = new Meta { Profile = [Canon.CoverageProfile] },
            Identifier = [new Identifier(Canon.NssfMember, nssfId)],
            Status = FinancialResourceStatusCodes.Active,
            Type = new CodeableConcept(Canon.SchemeSystem, "NSSF-HI"),
            SubscriberId = isDependent ? principal : nssfId,
            Beneficiary = FieldReader.ByIdentifier(Canon.NssfMember, nssfId!),
            Relationship = new CodeableConcept("http://terminology.hl7.org/CodeSystem/subscriber-relationship", isDependent ? "other" : "self"),
            Period = new Period { Start = LegacyValues.FhirDate(start!.Value), End = end is { } e ? LegacyValues.FhirDate(e) : null },
            Payor = [new ResourceReference { Display = Canon.NssfName }],
            Class =
            [
                new Coverage.ClassComponent
                {
                    Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/coverage-class", "class"),
                    Value = memberType,
                    Name = fields.Terminology.Display(Canon.MemberTypeSystem, memberType!),
                },
            ],
        };
        if (isDependent)
        {
            coverage.Subscriber = FieldReader.ByIdentifier(Canon.NssfMember, principal!);
        }

        if (employer is not null)
        {
            coverage.PolicyHolder = FieldReader.ByIdentifier(Canon.Employer, employer);
        }

        if (wage is { } w)
        {
            coverage.Extension.Add(new Extension(Canon.MonthlyWage, FieldReader.Riel(w)));
        }

        return new InboundMapping
        {
            IdempotencyKey = message.MessageId,
            UnmappedFields = [.. unmapped.Order(StringComparer.Ordinal)],
            Items =
            [
                new MappedItem
                {
                    Key = "Member",
                    Interactions =
                    [
                        new FhirInteraction
                        {
                            Purpose = "register",
                            Destination = Destination.Registry,
                            Verb = FhirVerb.Post,
                            Url = "Patient/$register",
                            Resource = patient,
                            Profile = Canon.PatientProfile,
                            PolicyInteraction = "register",
                        },
                        new FhirInteraction
                        {
                            Purpose = "member-submit",
                            Destination = Destination.Operator,
                            Operator = options.NssfOperator,
                            Verb = FhirVerb.Put,
                            Url = "Coverage/" + coverage.Id,
                            Resource = coverage,
                            Profile = Canon.CoverageProfile,
                            PolicyInteraction = "member-submit",
                        },
                    ],
                },
            ],
        };
    }

    private static InboundMapping Refused(HspisMessage message, List<FieldError> errors, ISet<string> unmapped) => new()
    {
        IdempotencyKey = message.MessageId,
        UnmappedFields = [.. unmapped.Order(StringComparer.Ordinal)],
        Items = [new MappedItem { Key = "Member", Errors = errors }],
    };

    private static HumanName Name(string script, string? family, string? given)
    {
        var name = new HumanName { Extension = [new Extension(Canon.NameScript, new Code(script))], Family = family };
        if (given is not null)
        {
            name.Given = [given];
        }

        return name;
    }

    private static string? KhmerName(ElementScope m, string field)
    {
        var text = m.Child(field)?.Value;
        var name = text is null ? "" : LegacyValues.Name(text);
        if (name.Length == 0)
        {
            m.Error(field, "missing-value", $"{field} (Khmer script) is required.");
            return null;
        }

        if (!LegacyValues.IsKhmer(name))
        {
            m.Error(field, "invalid-value", $"{field} is written in Khmer script.", text);
            return null;
        }

        return name;
    }

    private static string? LatinName(ElementScope m, string field)
    {
        var text = m.Child(field)?.Value;
        var name = text is null ? "" : LegacyValues.Name(text).ToUpperInvariant();
        if (name.Length == 0)
        {
            return null;
        }

        if (!LegacyValues.IsLatin(name))
        {
            m.Error(field, "invalid-value", $"{field} is an upper-case romanization (A-Z, spaces, hyphens).", text);
            return null;
        }

        return name;
    }
}
