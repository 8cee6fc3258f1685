using System.Text;
using Interop.Cli;
using Interop.Gateway.Tests.Pipeline;
using Microsoft.Data.Sqlite;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Signing;

/// <summary><c>interop verify-log</c> on a log the gateway wrote: the chain, and every logged signature checked again from the log alone.</summary>
public sealed class VerifyLogCommandTests
{
    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await InteropCli.RunAsync(args, output, error);
        return (code, output + error.ToString());
    }

    [Fact]
    public async Task Log_WithSignedTraffic_VerifiesThenReportsTheAlteredRecord()
    {
        using var gateway = new GatewayFixture(SigningKit.Central());
        gateway.Registry.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(500));
        var member = await File.ReadAllTextAsync(Path.Combine(SigningKit.RepositoryRoot(), "gateway", "sandbox-story", "hspis-member.xml"));
        using (var client = SigningKit.SignedClient(gateway.Factory, SigningKit.HspisKey, SigningKit.Hspis))
        {
            await client.PostAsync("/hspis/ws/member", new StringContent(member, Encoding.UTF8, "application/xml"));
            await client.PostAsync("/hspis/ws/member", new StringContent(member.Replace("story-member-1", "story-member-2", StringComparison.Ordinal), Encoding.UTF8, "application/xml"));
        }

        using (var unsigned = gateway.Factory.CreateClient())
        {
            await unsigned.PostAsync("/hspis/ws/member", new StringContent(member, Encoding.UTF8, "application/xml"));
        }

        var connection = $"Data Source={gateway.LogFile}";
        string[] keys = ["--keys", Path.Combine(SigningKit.Keys, "nssf.jwks.json"), Path.Combine(SigningKit.Keys, "gateway.jwks.json")];

        var (code, output) = await RunAsync(["verify-log", "--connection", connection, .. keys]);

        Assert.True(code == InteropCli.Ok, output);
        Assert.Contains("chain valid: 3 records", output, StringComparison.Ordinal);
        // Per signed request: the caller's signature, ours to the registry, ours on the answer (the registry's 500 is unsigned: nothing to check).
        Assert.True(output.Contains("signatures: 6 verified, 0 failed, 0 by keys not given", StringComparison.Ordinal), output);

        string id;
        await using (var db = new SqliteConnection(connection))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = "SELECT id FROM transactions ORDER BY seq LIMIT 1 OFFSET 1";
            id = (string)(await command.ExecuteScalarAsync())!;
            command.CommandText = "DROP TRIGGER transactions_append_only_update; UPDATE transactions SET sender = 'KH/GOV/MOH/PCA' WHERE id = $id;";
            command.Parameters.AddWithValue("$id", id);
            await command.ExecuteNonQueryAsync();
        }

        (code, output) = await RunAsync("verify-log", "--connection", connection);

        Assert.Equal(InteropCli.Refused, code);
        Assert.Contains($"chain broken: record {id}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_WithAlteredEvidence_BreaksTheChain()
    {
        using var gateway = new GatewayFixture(SigningKit.Central());
        var member = await File.ReadAllTextAsync(Path.Combine(SigningKit.RepositoryRoot(), "gateway", "sandbox-story", "hspis-member.xml"));
        using (var client = SigningKit.SignedClient(gateway.Factory, SigningKit.HspisKey, SigningKit.Hspis))
        {
            await client.PostAsync("/hspis/ws/member", new StringContent(member, Encoding.UTF8, "application/xml"));
        }

        // The evidence is part of what each record's hash covers: rewriting a logged signature base breaks the chain.
        var connection = $"Data Source={gateway.LogFile}";
        await using (var db = new SqliteConnection(connection))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = "DROP TRIGGER transactions_append_only_update; UPDATE transactions SET evidence = replace(evidence, ': POST', ': PUT');";
            await command.ExecuteNonQueryAsync();
        }

        var (_, output) = await RunAsync("verify-log", "--connection", connection, "--keys", Path.Combine(SigningKit.Keys, "nssf.jwks.json"), Path.Combine(SigningKit.Keys, "gateway.jwks.json"));

        Assert.True(output.Contains("chain broken", StringComparison.Ordinal), output);
    }
}
