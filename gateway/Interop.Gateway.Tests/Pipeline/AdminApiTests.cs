using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Pipeline;

/// <summary>The admin API's list over HTTP: filters that work, and filters it cannot read, refused naming the parameter.</summary>
public sealed class AdminApiTests
{
    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-45", "to")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("limit=99999999999", "limit")]
    [InlineData("status=lost", "status")]
    public async Task List_WithAFilterItCannotRead_IsRefusedNamingIt(string query, string parameter)
    {
        using var gateway = new GatewayFixture();
        using var admin = gateway.Factory.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Admin-Key", GatewayFixture.AdminKey);

        using var response = await admin.GetAsync("/admin/transactions?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Equal([parameter], errors.EnumerateObject().Select(p => p.Name));
        Assert.Contains($"'{parameter}'", errors.GetProperty(parameter)[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [Interop.Gateway.Tests.Transactions.PostgresStore]
    public async Task List_WhenTheLogsDatabaseFails_IsAProblemWithoutTheDatabasesWords(string store)
    {
        using var database = new Interop.Gateway.Tests.Transactions.PostgresTestDatabase("interop_broken");
        using var gateway = new GatewayFixture(("TransactionLog:Provider", store), ("TransactionLog:ConnectionString", database.ConnectionString));
        using var admin = gateway.Factory.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Admin-Key", GatewayFixture.AdminKey);
        (await admin.GetAsync("/admin/transactions")).EnsureSuccessStatusCode();
        await using (var connection = new Npgsql.NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand("DROP TABLE interop_transactions CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }

        using var response = await admin.GetAsync("/admin/transactions");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("interop_transactions", body, StringComparison.Ordinal); // "relation interop_transactions does not exist" stays in the database
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);

        // The log says which exception and where, never its message (a database's can quote a row's values).
        var logged = Assert.Single(gateway.Logs.Named("UnhandledException"));
        Assert.Equal("PostgresException", (logged.Properties["ExceptionType"] as Serilog.Events.ScalarValue)?.Value);
        Assert.Null(logged.Exception);
        Assert.DoesNotContain(gateway.Logs.Lines, l => l.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_ByStatusAndTime_ReturnsOnlyWhatMatches()
    {
        using var gateway = new GatewayFixture();
        LegacyPipelineTests.RegistryAnswers(gateway);
        LegacyPipelineTests.PcaAnswers(gateway);
        using var client = gateway.Factory.CreateClient();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/clinic/visits", LegacyPipelineTests.Json(LegacyPipelineTests.Visit))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/clinic/visits", LegacyPipelineTests.Json("{not json"))).StatusCode);
        using var admin = gateway.Factory.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Admin-Key", GatewayFixture.AdminKey);

        var refused = await admin.GetFromJsonAsync<JsonElement>($"/admin/transactions?status=refused&from={Uri.EscapeDataString(before.ToString("O"))}&limit=10");
        var future = await admin.GetFromJsonAsync<JsonElement>($"/admin/transactions?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}");

        Assert.Equal(["refused"], refused.EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(0, future.GetArrayLength());
    }
}
