using Interop.Adapters.Hspis.Tests.Support;

namespace Interop.Adapters.Hspis.Tests;

/// <summary>
/// Bad input, one fault at a time: each case changes one thing of a published example and asserts the exact
/// element path and H-SPIS fault code the client reads back.
/// </summary>
[Collection(HspisCollection.Name)]
public sealed class NegativeTests(HspisFixture fixture)
{
    public static TheoryData<string, string, string, string, string> Cases() => new()
    {
        // base case, text sent, replaced by, expected element, expected fault
        { "member-published", "<NssfId>1200456789</NssfId>", "<NssfId>12345</NssfId>", "Member/NssfId", "E202" },
        { "member-published", "<NssfId>1200456789</NssfId>", "<NssfId></NssfId>", "Member/NssfId", "E201" },
        { "member-published", "<MemberType>EMP</MemberType>", "<MemberType>XYZ</MemberType>", "Member/MemberType", "E203" },
        { "member-published", "<MemberType>EMP</MemberType>", "<MemberType>DEP</MemberType>", "Member/PrincipalNssfId", "E201" },
        { "member-published", "<PrincipalNssfId/>", "<PrincipalNssfId>1200456790</PrincipalNssfId>", "Member/PrincipalNssfId", "E204" },
        { "member-published", "<KhmerId>010203040</KhmerId>", "<KhmerId/>", "Member/KhmerId", "E201" },
        { "member-published", "<KhmerId>010203040</KhmerId>", "<KhmerId>01020304</KhmerId>", "Member/KhmerId", "E202" },
        { "member-published", "<LastNameKh>សុខ</LastNameKh>", "<LastNameKh>SOK</LastNameKh>", "Member/LastNameKh", "E200" },
        { "member-published", "<FirstNameKh>ដារ៉ា</FirstNameKh>", "<FirstNameKh>\u200B</FirstNameKh>", "Member/FirstNameKh", "E201" },
        { "member-published", "<LastNameEn>SOK</LastNameEn>", "<LastNameEn>S0K</LastNameEn>", "Member/LastNameEn", "E200" },
        { "member-published", "<Sex>2</Sex>", "<Sex>0</Sex>", "Member/Sex", "E203" },
        { "member-published", "<BirthDate>19870305</BirthDate>", "<BirthDate>19871305</BirthDate>", "Member/BirthDate", "E202" },
        { "member-published", "<BirthDate>19870305</BirthDate>", "<BirthDate>20300101</BirthDate>", "Member/BirthDate", "E200" },
        { "member-published", "<VillageCode>12010203</VillageCode>", "<VillageCode>1201020X</VillageCode>", "Member/VillageCode", "E202" },
        { "member-published", "<Phone>012345678</Phone>", "<Phone>call me</Phone>", "Member/Phone", "E202" },
        { "member-published", "<EmployerRegNo>E0012345</EmployerRegNo>", "<EmployerRegNo>X0012345</EmployerRegNo>", "Member/EmployerRegNo", "E202" },
        { "member-published", "<EmployerRegNo>E0012345</EmployerRegNo>", "<EmployerRegNo/>", "Member/EmployerRegNo", "E201" },
        { "member-published", "currency=\"KHR\">1200000.00", "currency=\"EUR\">1200000.00", "Member/MonthlyWage/@currency", "E203" },
        { "member-published", "currency=\"KHR\">1200000.00", "currency=\"KHR\">1,200,000", "Member/MonthlyWage", "E202" },
        { "member-published", "currency=\"KHR\">1200000.00", "currency=\"USD\">300.00", "Member/MonthlyWage", "E206" },
        { "member-published", "<CoverageStart>20160901</CoverageStart>", "<CoverageStart/>", "Member/CoverageStart", "E201" },
        { "member-published", "<CoverageEnd/>", "<CoverageEnd>20150101</CoverageEnd>", "Member/CoverageEnd", "E204" },
        { "member-published", "<Member>", "<Member xmlns=\"urn:kh:nssf:hspis:2015\">", "Member", "E103" },
        { "member-published", "<SentAt>20250214093000</SentAt>", "<SentAt>2025-02-14 09:30</SentAt>", "Header/SentAt", "E202" },
        { "member-published", "<SenderCode>NSSF-HQ</SenderCode>", "", "Header/SenderCode", "E103" },
        { "member-published", "<MessageId>6c1f0e3a-1</MessageId>", "<MessageId>6c1f0e3a-1-0123456789-0123456789-0123456789</MessageId>", "Header/MessageId", "E202" },
        { "member-published", "<MessageId>6c1f0e3a-1</MessageId>", "<MessageId/>", "Header/MessageId", "E100" },
        { "eligibility-nssf-only", "<NssfId>1200456789</NssfId>", "", "NssfId", "E201" },
        { "eligibility-nssf-only", "<NssfId>1200456789</NssfId>", "<NssfId>120045678</NssfId>", "NssfId", "E202" },
        { "eligibility-nssf-only", "<FacilityCode>120101</FacilityCode>", "<FacilityCode>12</FacilityCode>", "FacilityCode", "E202" },
        { "eligibility-nssf-only", "<ServiceDate>20250214</ServiceDate>", "<ServiceDate>14/02/2025</ServiceDate>", "ServiceDate", "E202" },
        { "eligibility-nssf-only", "<NssfId>1200456789</NssfId>", "<Spid>402187360513</Spid>", "Spid", "E207" },
        { "claims-published", "<CaseGroup>CG07</CaseGroup>", "<CaseGroup>CG99</CaseGroup>", "Claim[1]/CaseGroup", "E203" },
        { "claims-published", "<CaseGroup>CG07</CaseGroup>", "<CaseGroup/>", "Claim[1]/CaseGroup", "E201" },
        { "claims-published", "<CaseGroup>CG07</CaseGroup>", "<CaseGroup>CG01</CaseGroup>", "Claim[1]/CaseGroup", "E204" },
        { "claims-published", "<ClaimType>CASE</ClaimType>", "<ClaimType>REIMBURSEMENT</ClaimType>", "Claim[1]/CaseGroup", "E204" },
        { "claims-published", "<ClaimType>CASE</ClaimType>", "<ClaimType>REIMBURSEMENT</ClaimType>", "Claim[1]/Receipts", "E201" },
        { "claims-published", "<ClaimType>CASE</ClaimType>", "<ClaimType>FLAT</ClaimType>", "Claim[1]/ClaimType", "E203" },
        { "claims-published", "<DischargeDate>20250214</DischargeDate>", "<DischargeDate>20250209</DischargeDate>", "Claim[1]/DischargeDate", "E204" },
        { "claims-published", "<DischargeDate>20250214</DischargeDate>", "<DischargeDate/>", "Claim[1]/DischargeDate", "E201" },
        { "claims-published", "<AdmitDate>20250210</AdmitDate>", "<AdmitDate>20250310</AdmitDate>", "Claim[1]/AdmitDate", "E200" },
        { "claims-published", "<VisitType>IPD</VisitType>", "<VisitType>ER</VisitType>", "Claim[1]/VisitType", "E203" },
        { "claims-published", "<ClaimNo>120101-C-2025-00412</ClaimNo>", "<ClaimNo>C-412</ClaimNo>", "Claim[1]/ClaimNo", "E202" },
        { "claims-published", "<NssfId>1200456789</NssfId>", "<NssfId>1200-456789</NssfId>", "Claim[1]/NssfId", "E202" },
        { "claims-published", "<Spid/>", "<Spid>402187360513</Spid>", "Claim[1]/Spid", "E207" },
        { "claims-published", "<Diagnosis primary=\"true\">O82</Diagnosis>", "<Diagnosis primary=\"true\">caesarean</Diagnosis>", "Claim[1]/Diagnosis[1]", "E202" },
        { "claims-published", "<Diagnosis>O99.0</Diagnosis>", "<Diagnosis primary=\"true\">O99.0</Diagnosis>", "Claim[1]/Diagnosis[2]/@primary", "E204" },
        { "claims-published", "<FeeItem code=\"TRANSPORT\">", "<FeeItem code=\"FOOD\">", "Claim[1]/FeeItem[1]/@code", "E203" },
        { "claims-published", "<ClaimedAmount currency=\"KHR\">1250000.00", "<ClaimedAmount currency=\"KHR\">40000.00", "Claim[1]/ClaimedAmount", "E205" },
        { "claims-published", "<ClaimedAmount currency=\"KHR\">1250000.00", "<ClaimedAmount>1250000.00", "Claim[1]/ClaimedAmount/@currency", "E201" },
        { "claims-published", "<SickLeaveDays>14</SickLeaveDays>", "<SickLeaveDays>-1</SickLeaveDays>", "Claim[1]/SickLeaveDays", "E202" },
        { "claims-published", "<MaternityLeave>true</MaternityLeave>", "<MaternityLeave>yes</MaternityLeave>", "Claim[1]/MaternityLeave", "E202" },
        { "claims-published", "<Receipts/>", "<Receipts><Receipt no=\"1\" date=\"20250214\"><Amount currency=\"KHR\">1.00</Amount></Receipt></Receipts>", "Claim[1]/Receipts", "E204" },
        { "claims-published", "<Period>202502</Period>", "<Period>2025-02</Period>", "Period", "E202" },
        { "claims-published", "<FacilityCode>120101</FacilityCode>", "", "FacilityCode", "E201" },
        { "claims-published", "<ExchangeRate>4100</ExchangeRate>", "<ExchangeRate>-1</ExchangeRate>", "Header/ExchangeRate", "E202" },
        { "claims-reimbursement", "<Receipt no=\"PK-55120\" date=\"20250218\">", "<Receipt date=\"20250218\">", "Claim[1]/Receipts/Receipt[1]/@no", "E201" },
        { "claims-reimbursement", "<Receipt no=\"PK-55187\" date=\"20250220\">", "<Receipt no=\"PK-55187\" date=\"2025-02-20\">", "Claim[1]/Receipts/Receipt[2]/@date", "E202" },
        { "claims-reimbursement", "<ClaimedAmount currency=\"KHR\">680000.00", "<ClaimedAmount currency=\"KHR\">690000.00", "Claim[1]/ClaimedAmount", "E205" },
        { "claim-status-assessed", "<ClaimNo>120101-C-2025-00412</ClaimNo>", "", "ClaimNo", "E201" },
        { "claim-status-assessed", "<ClaimNo>120101-C-2025-00412</ClaimNo>", "<ClaimNo>00412</ClaimNo>", "ClaimNo", "E202" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadField_IsAnsweredWithItsElementAndFaultCode(string baseCase, string sent, string replacedBy, string element, string fault)
    {
        var original = Golden.Read(baseCase, "request.xml");
        Assert.Contains(sent, original, StringComparison.Ordinal);
        var body = original.Replace(sent, replacedBy, StringComparison.Ordinal);
        var operation = Exchange.OperationOf(baseCase.StartsWith("member", StringComparison.Ordinal) ? "MemberRequest"
            : baseCase.StartsWith("eligibility", StringComparison.Ordinal) ? "EligibilityRequest"
            : baseCase.StartsWith("claims", StringComparison.Ordinal) ? "ClaimBatch" : "ClaimStatusRequest");

        var response = Faults.Answer(fixture.Adapter, operation, body);

        Assert.Contains((fault, element), Faults.In(response));
        if (fault.StartsWith("E1", StringComparison.Ordinal))
        {
            Assert.Equal(400, response.StatusCode);
            Assert.Equal("Fault", Faults.Root(response).Name.LocalName);
        }
    }

    [Fact]
    public void MemberRequest_SentToTheClaimsPath_IsRefusedWithE103NamingTheExpectedRoot()
    {
        var response = Faults.Answer(fixture.Adapter, "claims", Golden.Read("member-published", "request.xml"));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal([("E103", "ClaimBatch")], Faults.In(response));
    }

    [Fact]
    public void Claim_WithABadDiagnosisAndAWrongTotal_ReportsBoth()
    {
        var body = Golden.Read("claims-published", "request.xml")
            .Replace("<Diagnosis>O99.0</Diagnosis>", "<Diagnosis>99</Diagnosis>", StringComparison.Ordinal)
            .Replace("1250000.00", "10.00", StringComparison.Ordinal);

        var faults = Faults.In(Faults.Answer(fixture.Adapter, "claims", body));

        Assert.Equal([("E202", "Claim[1]/Diagnosis[2]"), ("E205", "Claim[1]/ClaimedAmount")], faults);
    }

    [Fact]
    public void Member_WithManyBadFields_ReturnsEveryFaultAtOnce()
    {
        var response = Faults.Answer(fixture.Adapter, "member", Golden.Read("member-bad-fields", "request.xml"));

        Assert.Equal(12, Faults.In(response).Count);
        Assert.Equal("E202", (string)Faults.Root(response).Element(Exchange.Ns + "Result")!.Attribute("code")!);
    }
}
