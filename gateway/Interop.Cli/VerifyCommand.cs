using System.CommandLine;
using Interop.Signatures.Http;
using Interop.Signatures.Verification;

namespace Interop.Cli;

/// <summary><c>verify</c>: checks the signature of a raw HTTP/1.1 request saved in a file, and prints the verdict and reason.</summary>
internal static class VerifyCommand
{
    public static Command Create(TextWriter output)
    {
        var trust = new Option<FileInfo>("--trust") { Description = "A JWKS of the sender's public keys", Required = true };
        var trustMember = new Option<string>("--trust-member") { Description = "The member owning the --trust keys; default the request's X-Member-Id" };
        var request = new Option<FileInfo>("--request") { Description = "A file holding the raw HTTP/1.1 request (request line, headers, blank line, body)", Required = true };
        var scheme = new Option<string>("--scheme") { Description = "The scheme it was received on", DefaultValueFactory = _ => "https" };
        var at = new Option<DateTimeOffset?>("--at") { Description = "Verify as of this time (a logged message, a dispute), e.g. 2026-03-01T08:00:10Z; default now" };
        var command = new Command("verify", "Verify a signed request message (kh-interop profile)") { trust, trustMember, request, scheme, at };
        command.SetAction((parsed, cancellationToken) => RunAsync(
            output,
            parsed.GetRequiredValue(trust),
            parsed.GetValue(trustMember),
            parsed.GetRequiredValue(request),
            parsed.GetRequiredValue(scheme),
            parsed.GetValue(at),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(TextWriter output, FileInfo trust, string? trustMember, FileInfo requestFile, string scheme, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(requestFile.FullName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read --request: {e.Message}", e);
        }

        var message = RawHttpRequest.Parse(bytes, scheme);
        var sender = message.Headers.GetCombined(SignatureProfile.MemberHeader);
        var store = CliKeys.LoadTrust(trust, trustMember ?? sender ?? "sender");
        var clock = at is { } time ? new FixedClock(time) : TimeProvider.System;
        var verdict = await new HttpMessageVerifier(store, new InMemoryNonceStore(clock), clock)
            .VerifyAsync(message, SignatureProfile.RequestPolicy, cancellationToken)
            .ConfigureAwait(false);

        if (verdict.IsValid)
        {
            await output.WriteLineAsync($"valid: label {verdict.Label}, keyid {verdict.KeyId} ({store.Find(verdict.KeyId)?.Owner}), {verdict.Algorithm}, created {verdict.Created:u}, member header {sender}").ConfigureAwait(false);
            return InteropCli.Ok;
        }

        await output.WriteLineAsync($"refused: {verdict.ReasonCode}: {verdict.Detail}").ConfigureAwait(false);
        return InteropCli.Refused;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
