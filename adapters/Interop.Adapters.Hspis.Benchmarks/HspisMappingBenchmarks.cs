using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Interop.Contracts.Mapping;
using Interop.Contracts.Registration;
using Interop.Standards.Registration;
using Interop.Standards.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace Interop.Adapters.Hspis.Benchmarks;

/// <summary>
/// What the H-SPIS adapter costs on the request path: one MemberRequest mapped (and validated, as the gateway does
/// before sending), and a 5,000-claim ClaimBatch mapped and validated. Figures go to the adapter's README.
/// </summary>
[MemoryDiagnoser]
public class HspisMappingBenchmarks
{
    private const string Member = """
        <MemberRequest xmlns="urn:kh:nssf:hspis:2016">
          <Header><SenderCode>NSSF-HQ</SenderCode><MessageId>6c1f0e3a-1</MessageId><SentAt>20250214093000</SentAt></Header>
          <Member>
            <NssfId>1200456789</NssfId><MemberType>EMP</MemberType><PrincipalNssfId/><KhmerId>010203040</KhmerId>
            <LastNameKh>សុខ</LastNameKh><FirstNameKh>ដារ៉ា</FirstNameKh><LastNameEn>SOK</LastNameEn><FirstNameEn>DARA</FirstNameEn>
            <Sex>2</Sex><BirthDate>19870305</BirthDate><VillageCode>12010203</VillageCode><Phone>012345678</Phone>
            <EmployerRegNo>E0012345</EmployerRegNo><MonthlyWage currency="KHR">1200000.00</MonthlyWage>
            <CoverageStart>20160901</CoverageStart><CoverageEnd/>
          </Member>
        </MemberRequest>
        """;

    private ServiceProvider _services = null!;
    private HspisAdapter _adapter = null!;
    private IFhirValidator _validator = null!;
    private LegacyRequest _member = null!;
    private LegacyRequest _batch = null!;

    [GlobalSetup]
    public void Setup() => Setup(check: true);

    public void Setup(bool check)
    {
        var services = new ServiceCollection();
        services.AddInterop().AddStandards().AddHspisAdapter();
        _services = services.BuildServiceProvider();
        _adapter = (HspisAdapter)_services.GetRequiredService<Interop.Contracts.Adapters.AdapterCatalog>().Adapters.Single();
        _validator = _services.GetRequiredService<IFhirValidator>();
        _member = Request("member", Encoding.UTF8.GetBytes(Member));
        _batch = Request("claims", Encoding.UTF8.GetBytes(Batch(5000)));
        if (check && (MapAndValidateMember() != 2 || MapAndValidateBatch() != 10_000))
        {
            throw new InvalidOperationException("The benchmark messages must map to valid FHIR.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Description = "Map MemberRequest (Patient + Coverage)")]
    public int MapMember() => Map(_member).Items[0].Interactions.Count;

    [Benchmark(Description = "Map + validate MemberRequest (Patient + Coverage)")]
    public int MapAndValidateMember() => MapAndValidate(_member);

    [Benchmark(Description = "Map ClaimBatch of 5,000 claims")]
    public int MapBatch() => Map(_batch).Items.Count;

    [Benchmark(Description = "Map + validate ClaimBatch of 5,000 claims (10,000 resources)")]
    public int MapAndValidateBatch() => MapAndValidate(_batch);

    private InboundMapping Map(LegacyRequest request) => _adapter.MapRequestAsync(request, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    private int MapAndValidate(LegacyRequest request)
    {
        var valid = 0;
        foreach (var item in Map(request).Items)
        {
            foreach (var interaction in item.Interactions)
            {
                if (interaction.Resource is { } resource && _validator.Validate(resource, interaction.Profile).IsValid)
                {
                    valid++;
                }
            }
        }

        return valid;
    }

    private static LegacyRequest Request(string operation, byte[] body) => new()
    {
        Operation = operation,
        Method = "POST",
        Path = "/hspis/ws/" + operation,
        ContentType = "application/xml",
        Body = body,
        Sender = "KH/GOV/NSSF/HSPIS",
        ReceivedAt = new DateTimeOffset(2025, 3, 1, 1, 0, 5, TimeSpan.Zero),
    };

    /// <summary>A month's batch: inpatient and outpatient cases, a transport fee on every third.</summary>
    private static string Batch(int count)
    {
        var sb = new StringBuilder(count * 700);
        sb.Append("<ClaimBatch xmlns=\"urn:kh:nssf:hspis:2016\"><Header><SenderCode>120101</SenderCode><MessageId>b-2025-02-0007</MessageId><SentAt>20250301080000</SentAt></Header><FacilityCode>120101</FacilityCode><Period>202502</Period>");
        for (var n = 1; n <= count; n++)
        {
            var ipd = n % 2 == 0;
            var fee = n % 3 == 0 ? 50000m : 0m;
            sb.Append(CultureInfo.InvariantCulture, $"<Claim><ClaimNo>120101-C-2025-{n:D5}</ClaimNo><ClaimType>CASE</ClaimType><NssfId>{1200000000 + n}</NssfId><Spid/>");
            sb.Append(ipd
                ? "<VisitType>IPD</VisitType><AdmitDate>20250210</AdmitDate><DischargeDate>20250214</DischargeDate><CaseGroup>CG07</CaseGroup><Diagnosis primary=\"true\">O82</Diagnosis><Diagnosis>O99.0</Diagnosis>"
                : "<VisitType>OPD</VisitType><AdmitDate>20250212</AdmitDate><DischargeDate/><CaseGroup>CG02</CaseGroup><Diagnosis>J06.9</Diagnosis>");
            if (fee > 0)
            {
                sb.Append("<FeeItem code=\"TRANSPORT\"><Amount currency=\"KHR\">50000.00</Amount></FeeItem>");
            }

            sb.Append(CultureInfo.InvariantCulture, $"<ClaimedAmount currency=\"KHR\">{(ipd ? 1200000m : 45000m) + fee:0.00}</ClaimedAmount><SickLeaveDays>{n % 15}</SickLeaveDays><Receipts/></Claim>");
        }

        return sb.Append("</ClaimBatch>").ToString();
    }
}
