using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Pipeline;

/// <summary>A legacy client's own log-in (OAuth 2.0 password and refresh grants) and its bearer token on data routes.</summary>
public sealed class LegacyAuthenticationTests
{
    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static FormUrlEncodedContent PasswordGrant(string password = GatewayFixture.Password) => Form(
        ("grant_type", "password"), ("username", GatewayFixture.Username), ("password", password),
        ("client_id", GatewayFixture.ClientId), ("client_secret", GatewayFixture.ClientSecret));

    private static async Task<JsonElement> LogInAsync(HttpClient client)
    {
        var response = await client.PostAsync("/clinic/oauth/token", PasswordGrant());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Token_PasswordGrant_AnswersTheOAuthShape()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();

        var token = await LogInAsync(client);

        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        Assert.Equal(172800, token.GetProperty("expires_in").GetInt32());
        Assert.False(string.IsNullOrEmpty(token.GetProperty("access_token").GetString()));
        Assert.False(string.IsNullOrEmpty(token.GetProperty("refresh_token").GetString()));
    }

    [Fact]
    public async Task Token_WrongPassword_IsRefusedInTheCallersFormat()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();

        var response = await client.PostAsync("/clinic/oauth/token", PasswordGrant("guess"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthenticated", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_RequestLargerThanAnyTokenRequest_IsRefusedWith413InTheCallersFormat()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();
        using var huge = new StringContent("grant_type=password&username=" + new string('x', 5_000_000), Encoding.UTF8, "application/x-www-form-urlencoded");

        var response = await client.PostAsync("/clinic/oauth/token", huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body-too-large", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_FormThatCannotBeRead_IsRefusedAsNotWellFormed()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();
        using var broken = new StringContent("--x\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\npassw", Encoding.UTF8);
        broken.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");

        var response = await client.PostAsync("/clinic/oauth/token", broken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("message-not-well-formed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_MissingFields_NamesEachOne()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();

        var response = await client.PostAsync("/clinic/oauth/token", Form(("grant_type", "password"), ("username", "x")));

        var fields = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fields").EnumerateObject().Select(p => p.Name).Order();
        Assert.Equal(["client_id", "client_secret", "password"], fields);
    }

    [Fact]
    public async Task Token_Refresh_GivesNewTokensAndTheOldRefreshTokenCannotBeReused()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();
        var first = await LogInAsync(client);
        var refresh = Form(("grant_type", "refresh_token"), ("refresh_token", first.GetProperty("refresh_token").GetString()!), ("client_id", GatewayFixture.ClientId), ("client_secret", GatewayFixture.ClientSecret));

        var renewed = await client.PostAsync("/clinic/oauth/token", refresh);
        var reused = await client.PostAsync("/clinic/oauth/token", Form(("grant_type", "refresh_token"), ("refresh_token", first.GetProperty("refresh_token").GetString()!), ("client_id", GatewayFixture.ClientId), ("client_secret", GatewayFixture.ClientSecret)));

        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
    }

    [Fact]
    public async Task DataCall_WithoutToken_Answers401InTheCallersFormat()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();

        var response = await client.PostAsync("/clinic/secure/visits", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthenticated", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task DataCall_ForAFacilityTheUserDoesNotBelongTo_Answers403()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();
        var token = await LogInAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/clinic/secure/visits") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        request.Headers.Add("X-Facility-Code", "999999");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("not-allowed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task DataCall_WithTokenAndItsFacility_IsMappedAndRecordedAsThatFacilitysMember()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();
        var token = await LogInAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/clinic/secure/visits") { Content = new StringContent("""{"visit":"V1"}""", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        request.Headers.Add("X-Facility-Code", "120101");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var admin = gateway.Factory.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Admin-Key", GatewayFixture.AdminKey);
        var record = await admin.GetFromJsonAsync<JsonElement>($"/admin/transactions/{response.Headers.GetValues("X-Transaction-Id").Single()}");
        Assert.Equal("KH/GOV/MOH/CLINIC-TEST-120101", record.GetProperty("sender").GetString());
    }

    [Fact]
    public async Task DataCall_WithATamperedToken_Answers401()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();
        var token = (await LogInAsync(client)).GetProperty("access_token").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/clinic/secure/visits") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));
        request.Headers.Add("X-Facility-Code", "120101");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
    }
}
