using System.Text;
using Interop.Adapters.Pmrs.Tests.Support;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Pmrs.Tests.Operations;

/// <summary>Refusals decided by the gateway come back in PMRS's error envelope with the gateway-error HTTP status.</summary>
[Collection(PmrsCollection.Name)]
public sealed class RenderErrorTests(PmrsFixture fixture)
{
    [Theory]
    [InlineData("unauthenticated", 401, "The access token is expired or unknown.", """{"success":false,"http_code":401,"message":"The access token is expired or unknown."}""")]
    [InlineData("not-allowed", 403, "The user does not belong to facility 120101.", """{"success":false,"http_code":403,"message":"The user does not belong to facility 120101."}""")]
    [InlineData("rate-limited", 429, "Too many requests.", """{"success":false,"http_code":429,"message":"Too many requests."}""")]
    [InlineData("upstream-unavailable", 503, "The PCA could not be reached.", """{"success":false,"http_code":503,"message":"The PCA could not be reached. Retry later."}""")]
    [InlineData("upstream-timeout", 504, "The NSSF did not answer in time; retry later.", """{"success":false,"http_code":504,"message":"The NSSF did not answer in time; retry later."}""")]
    public void RenderError_GatewayRefusal_IsThePmrsEnvelope(string code, int status, string message, string expected)
    {
        var response = fixture.Adapter.RenderError(PmrsFixture.Visit("garbage"), new GatewayError(code, status, message));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.ContentType);
        Assert.Equal(expected, Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void RenderError_WithFields_ListsThemInTheFieldMap()
    {
        var error = new GatewayError("invalid-value", 422, "The given data was invalid.", [new FieldError("patient.birthdate", "invalid-format", "The birthdate is not a valid date.")]);

        var response = fixture.Adapter.RenderError(PmrsFixture.Visit("{}"), error);

        Assert.Equal(
            """{"success":false,"http_code":422,"message":"The given data was invalid.","errors":{"patient.birthdate":["The birthdate is not a valid date."]}}""",
            Encoding.UTF8.GetString(response.Body.Span));
    }
}
