using System.Net;
using Interop.Gateway.Tests.Pipeline;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Hosting;

/// <summary>
/// Metrics run alone: OpenTelemetry listens to every <c>Interop.Gateway</c> meter of the process, so a gateway started
/// by a test running in parallel would add to the counts asserted here.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}

/// <summary>Real HTTP through the gateway, then a scrape of <c>/metrics</c> as Prometheus would read it.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests
{
    private const string Requests = "interop_gateway_requests_total";
    private static readonly (string, string)[] VisitRoute = [("route", "/clinic/visits"), ("adapter", "clinic-visit"), ("operation", "visit")];

    [Fact]
    public async Task Scrape_AfterACompletedARefusedAndAFailedVisit_ShowsRequestsStagesErrorsAndUpstreams()
    {
        using var gateway = new GatewayFixture();
        LegacyPipelineTests.RegistryAnswers(gateway);
        LegacyPipelineTests.PcaAnswers(gateway);
        using var client = gateway.Factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/clinic/visits", LegacyPipelineTests.Json(LegacyPipelineTests.Visit))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/clinic/visits", LegacyPipelineTests.Json("{not json"))).StatusCode);
        gateway.Pca.Reset();
        LegacyPipelineTests.PcaAnswers(gateway, status: 503, body: "");
        var failed = LegacyPipelineTests.Visit.Replace("V120101-25-000193", "V120101-25-000194", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.PostAsync("/clinic/visits", LegacyPipelineTests.Json(failed))).StatusCode);

        var scrape = await PrometheusScrape.ReadAsync(client);

        Assert.Equal(1, scrape.Sum(Requests, [.. VisitRoute, ("status_class", "2xx")]));
        Assert.Equal(1, scrape.Sum(Requests, [.. VisitRoute, ("status_class", "4xx")]));
        Assert.Equal(1, scrape.Sum(Requests, [.. VisitRoute, ("status_class", "5xx")]));
        Assert.Equal(1, scrape.Sum("interop_gateway_errors_total", ("adapter", "clinic-visit"), ("error_code", "message-not-well-formed")));
        Assert.Equal(1, scrape.Sum("interop_gateway_errors_total", ("adapter", "clinic-visit"), ("error_code", "upstream-unavailable")));
        Assert.Equal(3, scrape.Sum("interop_gateway_stage_duration_seconds_count", ("adapter", "clinic-visit"), ("stage", "accept")));
        foreach (var stage in new[] { "map", "validate", "filter", "forward" })
        {
            Assert.Equal(2, scrape.Sum("interop_gateway_stage_duration_seconds_count", ("adapter", "clinic-visit"), ("stage", stage)));
        }

        Assert.Equal(1, scrape.Sum("interop_gateway_stage_duration_seconds_count", ("adapter", "clinic-visit"), ("stage", "answer")));
        Assert.Equal(1, scrape.Sum("interop_gateway_stage_duration_seconds_count", ("adapter", "clinic-visit"), ("stage", "record")));
        Assert.Equal(2, scrape.Sum("interop_gateway_upstream_duration_seconds_count", ("upstream", "Registry"), ("method", "POST"), ("status", "200")));
        Assert.Equal(1, scrape.Sum("interop_gateway_upstream_duration_seconds_count", ("upstream", "Pca"), ("method", "POST"), ("status", "200")));
        Assert.Equal(1, scrape.Sum("interop_gateway_upstream_duration_seconds_count", ("upstream", "Pca"), ("method", "POST"), ("status", "503")));
        Assert.Equal(1, scrape.Sum("interop_gateway_upstream_errors_total", ("upstream", "Pca"), ("error_code", "http-5xx")));
        Assert.NotEmpty(scrape.Matching("http_server_request_duration_seconds_count", ("http_route", "/clinic/visits")));
        Assert.NotEmpty(scrape.Matching("http_client_request_duration_seconds_count"));
        Assert.DoesNotContain("010203040", scrape.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("V120101", scrape.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_UpstreamUnreachable_CountsItsErrorUnderItsAlias()
    {
        using var gateway = new GatewayFixture();
        LegacyPipelineTests.RegistryAnswers(gateway);
        gateway.Pca.Stop();
        using var client = gateway.Factory.CreateClient();

        var response = await client.PostAsync("/clinic/visits", LegacyPipelineTests.Json(LegacyPipelineTests.Visit));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var scrape = await PrometheusScrape.ReadAsync(client);
        Assert.Equal(1, scrape.Sum("interop_gateway_upstream_errors_total", ("upstream", "Pca"), ("error_code", "unreachable")));
        Assert.Equal(1, scrape.Sum("interop_gateway_upstream_duration_seconds_count", ("upstream", "Pca"), ("status", "none")));
    }

    [Fact]
    public async Task Scrape_AfterAPassthroughRequest_CountsItUnderItsAliasRouteAndInteraction()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Member-Id", "KH/GOV/MOH/HIS-120101");

        var response = await client.GetAsync("/fhir/Nssf/metadata"); // WireMock knows no such path: its 404 is relayed

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var scrape = await PrometheusScrape.ReadAsync(client);
        Assert.Equal(1, scrape.Sum(Requests, ("route", "/fhir/Nssf/{**path}"), ("adapter", "fhir-passthrough"), ("operation", "capabilities"), ("status_class", "4xx")));
        Assert.Equal(1, scrape.Sum("interop_gateway_upstream_duration_seconds_count", ("upstream", "Nssf"), ("method", "GET"), ("status", "404")));
        Assert.Equal(1, scrape.Sum("interop_gateway_stage_duration_seconds_count", ("adapter", "fhir-passthrough"), ("stage", "forward")));
    }

    [Fact]
    public async Task Scrape_MovedByConfiguration_IsServedThereOnly()
    {
        using var gateway = new GatewayFixture(("Metrics:Path", "/ops/metrics"));
        using var client = gateway.Factory.CreateClient();

        var scrape = await PrometheusScrape.ReadAsync(client, "/ops/metrics");

        Assert.Contains("# TYPE", scrape.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Scrape_WithoutAValidKey_IsRefusedAndShowsNothing()
    {
        using var gateway = new GatewayFixture();
        using var client = gateway.Factory.CreateClient();
        using var wrongKey = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new("Bearer", "not-the-key") } };
        using var adminKey = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "X-Admin-Key", GatewayFixture.AdminKey } } };

        var responses = new[] { await client.GetAsync("/metrics"), await client.SendAsync(wrongKey), await client.SendAsync(adminKey) };

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("Metrics:ScrapeKeys", body, StringComparison.Ordinal);
            Assert.DoesNotContain("interop_gateway", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Scrape_OpenedByConfiguration_NeedsNoKey()
    {
        using var gateway = new GatewayFixture(("Metrics:AllowAnonymous", "true"));
        using var client = gateway.Factory.CreateClient();

        var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_TurnedOff_IsNotServed()
    {
        using var gateway = new GatewayFixture(("Metrics:Enabled", "false"));
        using var client = gateway.Factory.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
