using System.Globalization;
using System.Text;

namespace Interop.Adapters.Hspis.Tests.Support;

/// <summary>Random but valid H-SPIS messages from a fixed seed, written the messy ways facilities write them.</summary>
public sealed class MessageGenerator(int seed)
{
    private static readonly string[] KhmerFamily = ["សុខ", "ចាន់", "សៅ", "ហេង", "លី", "គឹម", "ម៉ៅ", "ពៅ"];
    private static readonly string[] KhmerGiven = ["ដារ៉ា", "សុវ៉ាន់", "ស្រីមុំ", "វណ្ណា", "ចន្ធូ", "បុប្ផា", "រតនា"];
    private static readonly string[] LatinFamily = ["SOK", "CHAN", "SAO", "HENG", "LY", "KIM", "MAO", "POV"];
    private static readonly string[] LatinGiven = ["DARA", "SOVAN", "SREYMOM", "VANNA", "CHANTHOU", "BOPHA", "RATANA"];
    private static readonly string[] Diagnoses = ["A09", "A90", "J06.9", "J18.9", "O80", "O82", "K35.8", "S52.5", "I10", "E11.9"];
    private static readonly string[] OpdGroups = ["CG01", "CG02", "CG03", "CG04", "CG05", "CG10", "CG11", "CG12", "CG13", "CG14"];
    private static readonly string[] IpdGroups = ["CG06", "CG07", "CG08", "CG15", "CG18", "CG24", "CG36", "CG41", "CG46", "CG52"];

    private readonly Random _random = new(seed);

    public int Next(int max) => _random.Next(max);

    /// <summary>A valid MemberRequest; dependents sometimes without a Khmer ID, digits sometimes Khmer, names sometimes with zero-width spaces.</summary>
    public string Member(int n)
    {
        var type = Pick(["EMP", "CIV", "SELF", "DEP"]);
        var dependent = type == "DEP";
        var nssf = (1200000000L + n).ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append("<MemberRequest xmlns=\"urn:kh:nssf:hspis:2016\">");
        sb.Append($"<Header><SenderCode>NSSF-HQ</SenderCode><MessageId>m-{seed}-{n}</MessageId><SentAt>{Digits("20250214093000")}</SentAt>");
        var usd = _random.Next(4) == 0;
        if (usd)
        {
            sb.Append("<ExchangeRate>4100</ExchangeRate>");
        }

        sb.Append("</Header><Member>");
        sb.Append($"<NssfId>{Digits(nssf)}</NssfId><MemberType>{type}</MemberType>");
        sb.Append(dependent ? $"<PrincipalNssfId>{1300000000L + n}</PrincipalNssfId>" : "<PrincipalNssfId/>");
        sb.Append(dependent && _random.Next(2) == 0 ? "<KhmerId/>" : $"<KhmerId>{Digits((100000000 + n).ToString(CultureInfo.InvariantCulture))}</KhmerId>");
        sb.Append($"<LastNameKh>{Zwsp(Pick(KhmerFamily))}</LastNameKh><FirstNameKh>{Zwsp(Pick(KhmerGiven))}</FirstNameKh>");
        sb.Append(_random.Next(5) == 0 ? "<LastNameEn/><FirstNameEn/>" : $"<LastNameEn>{Pick(LatinFamily)}</LastNameEn><FirstNameEn>{Pick(LatinGiven)}</FirstNameEn>");
        var birth = new DateOnly(dependent ? 2010 : 1960, 1, 1).AddDays(_random.Next(dependent ? 4000 : 12000));
        sb.Append($"<Sex>{1 + _random.Next(2)}</Sex><BirthDate>{Digits(birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture))}</BirthDate>");
        sb.Append(_random.Next(3) == 0 ? "<VillageCode/>" : $"<VillageCode>{Digits("1201" + _random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture))}</VillageCode>");
        sb.Append(Pick(["<Phone/>", "<Phone>012345678</Phone>", "<Phone>០៩៧ ២២២ ៣៣៣៤</Phone>", "<Phone>+855 17 888 999</Phone>"]));
        sb.Append(type == "EMP" || _random.Next(3) == 0 ? $"<EmployerRegNo>E{_random.Next(1000000, 9999999)}</EmployerRegNo>" : "<EmployerRegNo/>");
        sb.Append(dependent ? "<MonthlyWage/>" : usd ? $"<MonthlyWage currency=\"USD\">{_random.Next(200, 900)}.50</MonthlyWage>" : $"<MonthlyWage currency=\"KHR\">{_random.Next(800, 4000)}000.00</MonthlyWage>");
        sb.Append($"<CoverageStart>{Digits("20160901")}</CoverageStart>");
        sb.Append(_random.Next(4) == 0 ? "<CoverageEnd>20301231</CoverageEnd>" : "<CoverageEnd/>");
        sb.Append("</Member></MemberRequest>");
        return sb.ToString();
    }

    /// <summary>A ClaimBatch of <paramref name="count"/> valid claims; <paramref name="spoil"/> may rewrite any claim's XML.</summary>
    public string ClaimBatch(int count, Func<int, string, string>? spoil = null)
    {
        var sb = new StringBuilder(count * 800);
        sb.Append("<ClaimBatch xmlns=\"urn:kh:nssf:hspis:2016\">");
        sb.Append($"<Header><SenderCode>120101</SenderCode><MessageId>batch-{seed}-{count}</MessageId><SentAt>20250301080000</SentAt><ExchangeRate>4100</ExchangeRate></Header>");
        sb.Append("<FacilityCode>120101</FacilityCode><Period>202502</Period>");
        for (var i = 1; i <= count; i++)
        {
            var claim = Claim(i);
            sb.Append(spoil is null ? claim : spoil(i, claim));
        }

        sb.Append("</ClaimBatch>");
        return sb.ToString();
    }

    public string Claim(int n)
    {
        var reimbursement = _random.Next(10) == 0;
        var inpatient = _random.Next(2) == 0;
        var admit = new DateOnly(2025, 2, 1).AddDays(_random.Next(20));
        var usd = _random.Next(8) == 0;
        var currency = usd ? "USD" : "KHR";
        var sb = new StringBuilder(800);
        sb.Append("<Claim>");
        sb.Append($"<ClaimNo>120101-C-2025-{n:D5}</ClaimNo><ClaimType>{(reimbursement ? "REIMBURSEMENT" : "CASE")}</ClaimType>");
        sb.Append($"<NssfId>{1200000000L + (n % 9000)}</NssfId>");
        sb.Append(_random.Next(4) == 0 ? "<Spid>402187360512</Spid>" : "<Spid/>");
        sb.Append($"<VisitType>{(inpatient ? "IPD" : "OPD")}</VisitType>");
        sb.Append($"<AdmitDate>{admit:yyyyMMdd}</AdmitDate>");
        sb.Append(inpatient ? $"<DischargeDate>{admit.AddDays(_random.Next(8)):yyyyMMdd}</DischargeDate>" : "<DischargeDate/>");
        sb.Append(reimbursement ? "<CaseGroup/>" : $"<CaseGroup>{Pick(inpatient ? IpdGroups : OpdGroups)}</CaseGroup>");
        sb.Append($"<Diagnosis primary=\"true\">{Pick(Diagnoses)}</Diagnosis>");
        if (_random.Next(2) == 0)
        {
            sb.Append($"<Diagnosis>{Pick(Diagnoses)}</Diagnosis>");
        }

        if (_random.Next(5) == 0)
        {
            sb.Append("<Procedure>PROC-").Append(_random.Next(100)).Append("</Procedure>");
        }

        var fee = _random.Next(3) == 0 ? (decimal)_random.Next(1, 20) * (usd ? 1m : 5000m) : 0m;
        if (fee > 0)
        {
            sb.Append($"<FeeItem code=\"TRANSPORT\"><Amount currency=\"{currency}\">{fee.ToString("0.00", CultureInfo.InvariantCulture)}</Amount></FeeItem>");
        }

        var receipts = new List<decimal>();
        if (reimbursement)
        {
            for (var r = 0; r <= _random.Next(3); r++)
            {
                receipts.Add(_random.Next(10, 500) * (usd ? 1m : 1000m));
            }
        }

        var body = reimbursement ? receipts.Sum() : _random.Next(25, 1500) * (usd ? 1m : 1000m);
        sb.Append($"<ClaimedAmount currency=\"{currency}\">{(body + fee).ToString("0.00", CultureInfo.InvariantCulture)}</ClaimedAmount>");
        if (_random.Next(3) == 0)
        {
            sb.Append($"<SickLeaveDays>{_random.Next(30)}</SickLeaveDays>");
        }

        if (_random.Next(6) == 0)
        {
            sb.Append("<MaternityLeave>").Append(_random.Next(2) == 0 ? "true" : "false").Append("</MaternityLeave>");
        }

        if (reimbursement)
        {
            sb.Append("<Receipts>");
            for (var r = 0; r < receipts.Count; r++)
            {
                sb.Append($"<Receipt no=\"R-{n}-{r + 1}\" date=\"{admit:yyyyMMdd}\"><Amount currency=\"{currency}\">{receipts[r].ToString("0.00", CultureInfo.InvariantCulture)}</Amount></Receipt>");
            }

            sb.Append("</Receipts>");
        }
        else
        {
            sb.Append("<Receipts/>");
        }

        sb.Append("</Claim>");
        return sb.ToString();
    }

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    /// <summary>Half the time, the same digits written as Khmer digits.</summary>
    private string Digits(string ascii) =>
        _random.Next(2) == 0 ? ascii : new string([.. ascii.Select(c => char.IsAsciiDigit(c) ? (char)('\u17E0' + (c - '0')) : c)]);

    private string Zwsp(string name) => _random.Next(3) == 0 ? name.Insert(_random.Next(name.Length + 1), "\u200B") : name;
}
