using System.CommandLine;
using System.Text;
using Interop.Gateway.Transactions;
using Interop.Signatures.Keys;
using Interop.Signatures.Signing;
using Microsoft.Extensions.Options;

namespace Interop.Cli;

/// <summary>
/// <c>verify-log</c>: walks a gateway transaction log's hash chain and reports the first broken link; with
/// <c>--keys</c>, also checks every logged signature again from the log alone (the signature base it keeps, the
/// signature value and the signer's public key), as a dispute would.
/// </summary>
internal static class VerifyLogCommand
{
    public static Command Create(TextWriter output)
    {
        var provider = new Option<string>("--provider") { Description = "sqlite or postgres", DefaultValueFactory = _ => "sqlite" };
        var connection = new Option<string>("--connection") { Description = "The log's connection string, e.g. \"Data Source=interop-transactions.db\"", Required = true };
        var keys = new Option<FileInfo[]>("--keys") { Description = "JWKS files of the members' public keys: check every logged signature with them", AllowMultipleArgumentsPerToken = true };
        var command = new Command("verify-log", "Verify a transaction log: its hash chain, and with --keys every hop's logged signature") { provider, connection, keys };
        command.SetAction((parsed, cancellationToken) => RunAsync(output, parsed.GetRequiredValue(provider), parsed.GetRequiredValue(connection), parsed.GetValue(keys) ?? [], cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(TextWriter output, string provider, string connection, FileInfo[] keyFiles, CancellationToken cancellationToken)
    {
        var options = Options.Create(new TransactionLogOptions { Provider = provider, ConnectionString = connection });
        SqlTransactionStore store = provider switch
        {
            "sqlite" => new SqliteTransactionStore(options),
            "postgres" => new PostgresTransactionStore(options),
            _ => throw new CliException("--provider is sqlite or postgres"),
        };

        var records = await store.AllAsync(cancellationToken).ConfigureAwait(false);
        var broken = await store.VerifyChainAsync(cancellationToken).ConfigureAwait(false);
        if (broken is not null)
        {
            await output.WriteLineAsync($"chain broken: record {broken} does not hold (altered, removed or inserted); {records.Count} records in the log").ConfigureAwait(false);
            return InteropCli.Refused;
        }

        await output.WriteLineAsync($"chain valid: {records.Count} records, last hash {records.LastOrDefault()?.Hash ?? "(empty log)"}").ConfigureAwait(false);
        if (keyFiles.Length == 0)
        {
            return InteropCli.Ok;
        }

        var byKid = keyFiles.SelectMany(ReadKeys).ToDictionary(k => k.KeyId, StringComparer.Ordinal);
        int verified = 0, unknown = 0, failed = 0;
        foreach (var record in records)
        {
            foreach (var hop in record.Evidence ?? [])
            {
                if (hop.SignatureBase is null || hop.SignatureInput is null || hop.Signature is null || hop.KeyId is null)
                {
                    continue; // a refused request without a signature: nothing to check
                }

                if (!byKid.TryGetValue(hop.KeyId, out var key))
                {
                    unknown++;
                    continue;
                }

                var signature = SignatureFields.Parse(hop.SignatureInput, hop.Signature);
                var value = signature.IsSuccess ? signature.Value!.FirstOrDefault()?.Value : null;
                if (value is { } bytes && key.Verify(Encoding.ASCII.GetBytes(hop.SignatureBase), bytes.Span))
                {
                    verified++;
                }
                else
                {
                    failed++;
                    await output.WriteLineAsync($"signature does not verify: record {record.Id}, hop {hop.Hop}, keyid {hop.KeyId}").ConfigureAwait(false);
                }
            }
        }

        await output.WriteLineAsync($"signatures: {verified} verified, {failed} failed, {unknown} by keys not given").ConfigureAwait(false);
        return failed == 0 ? InteropCli.Ok : InteropCli.Refused;
    }

    private static IEnumerable<SignatureKey> ReadKeys(FileInfo file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read --keys {file.Name}: {e.Message}", e);
        }

        using var jwks = System.Text.Json.JsonDocument.Parse(text);
        foreach (var jwk in jwks.RootElement.GetProperty("keys").EnumerateArray())
        {
            var key = SignatureKey.FromJwk(jwk.GetRawText());
            if (!key.IsSuccess)
            {
                throw new CliException($"--keys {file.Name}: {key.Error}");
            }

            yield return key.Value!;
        }
    }
}
