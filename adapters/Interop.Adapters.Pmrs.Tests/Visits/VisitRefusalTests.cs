using System.Text;
using System.Text.Json.Nodes;
using Interop.Adapters.Pmrs.Tests.Support;

namespace Interop.Adapters.Pmrs.Tests.Visits;

/// <summary>
/// One bad field at a time in the corrected published visit: the visit is refused with exactly that field's
/// PMRS dot path and gateway-error code, and nothing is sent anywhere.
/// </summary>
[Collection(PmrsCollection.Name)]
public sealed class VisitRefusalTests(PmrsFixture fixture)
{
    private static readonly JsonNode Valid = JsonNode.Parse(GoldenFiles.Read("visit-published-example-corrected", "request.json"))!;

    public static TheoryData<string, string?, string> BadFields() => new()
    {
        { "patient.birthdate", "\"1980-13-45\"", "invalid-format" },
        { "patient.birthdate", "\"2030-01-01\"", "invalid-value" },
        { "patient.birthdate", null, "missing-value" },
        { "patient.birthdate", "19800515", "invalid-format" },
        { "patient.birthdate_is_estimated", "\"yes\"", "invalid-format" },
        { "patient.sex", "\"X\"", "unknown-code" },
        { "patient.surname", null, "missing-value" },
        { "patient.surname", "\"SAO\"", "invalid-format" },
        { "patient.name", "\"\\u200B\"", "missing-value" },
        { "patient.latin_name", "\"sovan1\"", "invalid-format" },
        { "patient.phone", "\"12ab\"", "invalid-format" },
        { "patient.code", "\"X1\"", "invalid-format" },
        { "patient.identifications.0.card_number", "\"01020304\"", "invalid-format" },
        { "patient.identifications.1.card_type", "\"CARD-XYZ\"", "unknown-code" },
        { "patient.spid", "\"402187360513\"", "invalid-check-digit" },
        { "patient.address.province.code", "\"1\"", "invalid-format" },
        { "patient.address.village.code", "\"12010303\"", "invalid-parent-code" },
        { "patient.address.village.code", "\"1201020\"", "invalid-format" },
        { "patient.marital_status", "\"MAST-9\"", "unknown-code" },
        { "patient", "\"text\"", "invalid-format" },
        { "visit", null, "missing-value" },
        { "visit.code", "\"193\"", "invalid-format" },
        { "visit.patient_code", "\"P99999999\"", "inconsistent-values" },
        { "visit.health_facility_code", "\"12\"", "invalid-format" },
        { "visit.visit_type", "\"VITY-X\"", "unknown-code" },
        { "visit.payment_type", "\"PATY-X\"", "unknown-code" },
        { "visit.card_number", "\"12010203-00043\"", "inconsistent-values" },
        { "visit.admitted_at", "\"2025-02-10T08:30:00\"", "invalid-format" },
        { "visit.discharged_at", "\"2025-02-09 08:00:00\"", "inconsistent-values" },
        { "visit.discharged_at", null, "missing-value" },
        { "visit.discharge_type", "\"DITY-X\"", "unknown-code" },
        { "visit.submission", "\"final\"", "inconsistent-values" },
        { "visit.submission", "\"done\"", "unknown-code" },
        { "inpatients.0.visit_code", "\"V120101-25-000194\"", "inconsistent-values" },
        { "diagnoses.0.code", "\"fever\"", "invalid-format" },
        { "diagnoses.1.diagnosis_type", "\"DIAGT-X\"", "unknown-code" },
        { "diagnoses.0.encounter_code", "\"E9\"", "inconsistent-values" },
        { "invoices", null, "missing-value" },
        { "invoices.0.visit_code", "\"V120101-25-000194\"", "inconsistent-values" },
        { "invoices.0.currency", "\"EUR\"", "unknown-code" },
        { "invoices.0.currency", "\"USD\"", "missing-exchange-rate" },
        { "invoices.0.items", "[]", "missing-value" },
        { "invoices.0.items.1.quantity", "0", "invalid-value" },
        { "invoices.0.items.1.quantity", "1.5", "invalid-format" },
        { "invoices.0.items.0.unit_price", "\"150000\"", "invalid-format" },
        { "invoices.0.items.0.service_code", "\"CG07\"", "invalid-value" },
        { "invoices.0.items.0.service_code", "\"XRAY\"", "unknown-code" },
        { "invoices.0.caretaker_food_days", "-1", "invalid-value" },
        { "invoices.0.total", "245000", "total-mismatch" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Submit_BadField_IsRefusedWithItsPathAndCode(string path, string? value, string code)
    {
        var body = JsonEdit.With(Valid, path, value).ToJsonString();

        var mapping = await fixture.MapAsync(PmrsFixture.Visit(body));

        var item = Assert.Single(mapping.Items);
        Assert.Empty(item.Interactions);
        var error = Assert.Single(item.Errors);
        Assert.Equal((path, code), (error.Path, error.Code));
    }

    [Fact]
    public async Task Submit_VisitOfAnotherFacilityThanTheHeader_IsRefused()
    {
        var body = JsonEdit.With(Valid, "visit.health_facility_code", "\"120105\"").ToJsonString();

        var mapping = await fixture.MapAsync(PmrsFixture.Visit(body));

        var error = Assert.Single(mapping.Items[0].Errors);
        Assert.Equal(("visit.health_facility_code", "inconsistent-values"), (error.Path, error.Code));
    }

    [Fact]
    public async Task Submit_HefVisitPaidWithTheNationalIdCard_IsRefused()
    {
        var body = JsonEdit.With(Valid, "visit.card_number", "\"010203040\"").ToJsonString();

        var mapping = await fixture.MapAsync(PmrsFixture.Visit(body));

        var error = Assert.Single(mapping.Items[0].Errors);
        Assert.Equal(("visit.card_number", "inconsistent-values"), (error.Path, error.Code));
    }

    [Fact]
    public async Task Submit_SeveralBadFields_ReturnsEveryErrorAtOnce()
    {
        var body = Valid;
        body = JsonEdit.With(body, "patient.sex", "\"X\"");
        body = JsonEdit.With(body, "visit.admitted_at", "\"yesterday\"");
        body = JsonEdit.With(body, "invoices.0.items.1.quantity", "0");
        body = JsonEdit.With(body, "diagnoses.0.code", "\"?\"");

        var mapping = await fixture.MapAsync(PmrsFixture.Visit(body.ToJsonString()));

        Assert.Equal(
            ["diagnoses.0.code", "invoices.0.items.1.quantity", "patient.sex", "visit.admitted_at"],
            mapping.Items[0].Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Submit_ErrorAnswer_IsThePmrsFieldMap()
    {
        var body = JsonEdit.With(Valid, "invoices.0.items.1.quantity", "0").ToJsonString();
        var request = PmrsFixture.Visit(body);
        var mapping = await fixture.MapAsync(request);

        var response = fixture.Adapter.MapResponse(new() { Request = request, Mapping = mapping, Outcomes = [new() { Item = mapping.Items[0] }] });

        Assert.Equal(422, response.StatusCode);
        Assert.Equal(
            """{"success":false,"http_code":422,"message":"The given data was invalid.","errors":{"invoices.0.items.1.quantity":["Must be at least 1."]}}""",
            Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public async Task Submit_FiftyMegabyteBody_IsRefusedAsTooLarge()
    {
        var body = new byte[50 * 1024 * 1024];
        Array.Fill(body, (byte)' ');

        var mapping = await fixture.MapAsync(PmrsFixture.Visit(body));

        Assert.Equal(("body", "body-too-large"), (mapping.MessageErrors[0].Path, mapping.MessageErrors[0].Code));
    }

    [Fact]
    public async Task Submit_DeeplyNestedBody_IsRefusedAsTooDeep()
    {
        var body = new string('[', 100_000) + new string(']', 100_000);

        var mapping = await fixture.MapAsync(PmrsFixture.Visit(body));

        Assert.Equal(("body", "too-deeply-nested"), (mapping.MessageErrors[0].Path, mapping.MessageErrors[0].Code));
    }

    [Fact]
    public async Task Submit_BodyThatIsNotUtf8_IsRefusedAsNotWellFormed()
    {
        byte[] body = [.. "{\"patient\": {\"surname\": \""u8, 0xE7, 0x28, .. "\"}}"u8];

        var mapping = await fixture.MapAsync(PmrsFixture.Visit(body));

        Assert.Equal(("body", "message-not-well-formed"), (mapping.MessageErrors[0].Path, mapping.MessageErrors[0].Code));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"patient\": ")]
    [InlineData("{\"patient\": {\"surname\": \"\\uD800\"}}")]
    public async Task Submit_BodyThatIsNotAJsonObject_IsRefusedAsNotWellFormed(string body)
    {
        var mapping = await fixture.MapAsync(PmrsFixture.Visit(body));

        Assert.Equal(("body", "message-not-well-formed"), (mapping.MessageErrors[0].Path, mapping.MessageErrors[0].Code));
    }
}
