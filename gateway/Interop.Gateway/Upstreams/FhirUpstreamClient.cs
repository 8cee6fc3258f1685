using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Interop.Contracts.Mapping;
using Interop.Standards.Validation;
using Microsoft.Extensions.Options;
using Interop.Signatures.Http;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Interop.Gateway.Upstreams;

/// <summary>What an upstream answered.</summary>
/// <param name="Member">The member that answered.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Resource">The FHIR resource of the answer, if any.</param>
internal sealed record UpstreamAnswer(string Member, int Status, Resource? Resource);

/// <summary>Sends FHIR interactions to upstream members through named HttpClients with the resilience pipeline.</summary>
internal sealed class FhirUpstreamClient(IHttpClientFactory clients, IOptions<UpstreamOptions> options, IFhirValidator validator)
{
    public const string RegistryMember = "KH/GOV/NSPC/REGISTRY";

    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir();

    public static string ClientName(string alias) => "upstream:" + alias;

    public string MemberFor(FhirInteraction interaction) =>
        interaction.Destination == Destination.Registry ? RegistryMember : interaction.Operator ?? "";

    public const string MemberHeader = "X-Member-Id";

    /// <param name="member">The upstream member.</param>
    /// <param name="sender">The member the gateway acts for, named in <c>X-Member-Id</c> (until signatures carry it).</param>
    /// <param name="interaction">The interaction.</param>
    /// <param name="body">The filtered resource, if any.</param>
    /// <param name="evidence">Receives the signature evidence of the request and the answer (when signing is on).</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<UpstreamAnswer> SendAsync(string member, string sender, FhirInteraction interaction, Resource? body, List<Transactions.HopEvidence> evidence, CancellationToken cancellationToken)
    {
        var (alias, endpoint) = options.Value.Endpoints.FirstOrDefault(e => e.Value.Member == member);
        if (alias is null || endpoint?.BaseUrl is null)
        {
            throw new UpstreamUnavailableException($"No upstream is configured for {member}.") { Member = member };
        }

        using var request = new HttpRequestMessage(new HttpMethod(interaction.Verb.ToString().ToUpperInvariant()), new Uri(endpoint.BaseUrl, interaction.Url));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        request.Headers.Add(MemberHeader, sender);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, body.GetType(), Json), Encoding.UTF8, "application/fhir+json");
        }

        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName(alias)).SendAsync(request, cancellationToken);
        }
        catch (SignatureVerificationException ex)
        {
            throw new UpstreamUnavailableException($"{member} answered without a valid signature ({ex.Verdict.ReasonCode}).", ex) { Member = member, Code = "upstream-invalid-answer" };
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamUnavailableException($"{member} could not be reached: {ex.GetType().Name}.", ex)
            {
                Member = member,
                Code = ex is TimeoutRejectedException or TaskCanceledException ? "upstream-timeout" : "upstream-unavailable",
            };
        }

        finally
        {
            // The signing handler leaves the evidence of both directions on the request (also when the answer was refused).
            if (request.Options.TryGetValue(SigningHandler.EvidenceKey, out var hops))
            {
                evidence.AddRange(hops.Select(h => Signing.UpstreamEvidence.From(h, member)));
            }
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                throw new UpstreamUnavailableException($"{member} answered {status}.") { Member = member };
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (string.IsNullOrWhiteSpace(text))
            {
                return new UpstreamAnswer(member, status, null);
            }

            var parsed = validator.ParseAndValidate(text);
            if (parsed.Resource is null)
            {
                throw new UpstreamUnavailableException($"{member} answered {status} with a body that is not FHIR.") { Member = member, Code = "upstream-invalid-answer" };
            }

            return new UpstreamAnswer(member, status, parsed.Resource);
        }
    }
}
