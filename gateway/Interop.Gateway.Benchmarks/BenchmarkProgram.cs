using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Interop.Signatures.Http;
using Interop.Signatures.Keys;
using Interop.Signatures.Trust;

namespace Interop.Gateway.Benchmarks;

/// <summary>
/// PMRS visit submission (an IPD discharge: registry registration, encounter and claim to the PCA) through the whole
/// gateway pipeline, next to plain YARP forwarding of the same bytes, both against the same fast stub upstream, in
/// one run. <c>dotnet run -c Release --project gateway/Interop.Gateway.Benchmarks -- [--connections 64]
/// [--warmup 10] [--duration 30] [--targets yarp,transport,pipeline,signed]</c>.
/// </summary>
internal static class BenchmarkProgram
{
    private const string TemplateVisitCode = "V120101-25-000300";

    public static async Task<int> Main(string[] args)
    {
        var connections = Option(args, "--connections", 64);
        var warmUp = TimeSpan.FromSeconds(Option(args, "--warmup", 10));
        var duration = TimeSpan.FromSeconds(Option(args, "--duration", 30));
        var targets = args.SkipWhile(a => a != "--targets").Skip(1).FirstOrDefault()?.Split(',') ?? ["yarp", "transport", "pipeline", "signed"];
        var root = RepositoryRoot();
        var visit = await File.ReadAllTextAsync(Path.Combine(root, "gateway", "sandbox-story", "pmrs-ipd-discharge.json"));
        if (!visit.Contains(TemplateVisitCode, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The discharge visit no longer holds {TemplateVisitCode}.");
        }

        var keys = Path.Combine(root, "gateway", "Interop.Gateway", "sandbox-keys");
        SignatureKey Key(string name) => SigningKeyLoader.Load(new SigningKeyOptions { KeyFile = Path.Combine(keys, $"{name}.TEST-KEY-NOT-FOR-PRODUCTION.jwk.json"), KeyId = $"sandbox-{name}-2026-01" });
        await using var stub = await StubUpstream.StartAsync(new Dictionary<string, SignatureKey> { ["registry"] = Key("registry"), ["pca"] = Key("pca"), ["nssf"] = Key("nssf") });
        var gatewayFolder = Path.Combine(root, "gateway", "Interop.Gateway");
        using var gateway = new GatewayHost(stub.BaseAddress, gatewayFolder, signed: false);
        using var signedGateway = new GatewayHost(stub.BaseAddress, gatewayFolder, signed: true);
        await using var plain = await PlainForwarder.StartAsync(stub.BaseAddress);
        var token = await LogInAsync(gateway.BaseAddress);
        var load = new LoadGenerator(connections, warmUp, duration);
        var edgeKey = Key("pmrs-120101");

        // The PMRS 120101 edge's part in central mode: every request signed with the member's key (the edge has done the
        // legacy log-in, so no bearer token travels to the central gateway).
        HttpMessageHandler SignedAsTheEdge(HttpMessageHandler inner) =>
            new SigningHandler(new SigningHandlerOptions { Key = edgeKey, MemberId = GatewayHost.EdgeMember }) { InnerHandler = inner };

        // Every request is a new visit (its own visit code), so the gateway's idempotency never answers from the log.
        HttpRequestMessage Visit(Uri baseAddress, long n, bool authenticated)
        {
            var code = "V120101-26-" + (n % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
            var message = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, "api/v1/external/visits"))
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes(visit.Replace(TemplateVisitCode, code, StringComparison.Ordinal))),
            };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            message.Headers.Add("X-Facility-Code", GatewayHost.Facility);
            if (authenticated)
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return message;
        }

        // A smoke check first: one visit through each must succeed, else the figures would measure errors.
        await CheckAsync(Visit(gateway.BaseAddress, 999_999, authenticated: true), HttpStatusCode.Accepted);
        await CheckAsync(Visit(signedGateway.BaseAddress, 999_998, authenticated: false), HttpStatusCode.Accepted, SignedAsTheEdge);
        await CheckAsync(Visit(plain.BaseAddress, 999_999, authenticated: true), HttpStatusCode.OK);
        var threeExchanges = new Uri(plain.BaseAddress, "three-exchanges/");
        await CheckAsync(Visit(threeExchanges, 999_999, authenticated: true), HttpStatusCode.OK);

        Console.WriteLine($"{Environment.ProcessorCount} logical cores; {connections} connections, {warmUp.TotalSeconds:F0} s warm-up, {duration.TotalSeconds:F0} s measured per target; load generator, gateways, forwarder and stub in one process.");
        // --targets yarp,pipeline (say) runs only those: to profile one target alone.
        async Task<LoadResult?> RunAsync(string target, string name, Func<long, HttpRequestMessage> request, HttpStatusCode expected, Func<HttpMessageHandler, HttpMessageHandler>? wrap = null) =>
            targets.Contains(target, StringComparer.Ordinal) ? await load.RunAsync(name, request, expected, wrap) : null;
        var yarp = await RunAsync("yarp", "plain YARP forwarding", n => Visit(plain.BaseAddress, n, authenticated: true), HttpStatusCode.OK);
        var transport = await RunAsync("transport", "plain HTTP, the visit's three upstream exchanges", n => Visit(threeExchanges, n, authenticated: true), HttpStatusCode.OK);
        var pipeline = await RunAsync("pipeline", "gateway pipeline, signing off", n => Visit(gateway.BaseAddress, n, authenticated: true), HttpStatusCode.Accepted);
        var signed = await RunAsync("signed", "gateway pipeline, signing on (central)", n => Visit(signedGateway.BaseAddress, n, authenticated: false), HttpStatusCode.Accepted, SignedAsTheEdge);
        LoadResult[] results = [.. new[] { pipeline, signed, yarp, transport }.OfType<LoadResult>()];

        Console.WriteLine();
        Console.WriteLine("| target | requests | errors | throughput (req/s) | p50 (ms) | p99 (ms) | CPU per request (ms, whole process) | cores busy |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Requests} | {r.Errors} | {r.Throughput:F0} | {r.Percentile(50):F2} | {r.Percentile(99):F2} | {r.CpuMsPerRequest:F2} | {r.CoresBusy:F2} |"));
        }

        Console.WriteLine();
        // Both gateways run in this process and so share one meter: the histograms hold both runs, warm-up included.
        Console.WriteLine("Where the pipelines' time went (the gateways' own stage histograms, both runs together, mean per transaction):");
        Console.WriteLine(await StageMeansAsync(gateway.BaseAddress));
        Console.WriteLine();
        if (pipeline is not null && signed is not null && yarp is not null && transport is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline / plain YARP throughput: {pipeline.Throughput / yarp.Throughput:P0} signing off, {signed.Throughput / yarp.Throughput:P0} signing on (target: at least 40%)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline / the same three exchanges over plain HTTP: {pipeline.Throughput / transport.Throughput:P0} signing off, {signed.Throughput / transport.Throughput:P0} signing on"));
        }

        return results.All(r => r.Errors == 0) ? 0 : 1;
    }

    /// <summary>The mean of each stage histogram (and of the upstream calls) in the gateway's own metrics.</summary>
    private static async Task<string> StageMeansAsync(Uri gateway)
    {
        using var client = new HttpClient();
        var text = await client.GetStringAsync(new Uri(gateway, "metrics"));
        var lines = text.Split('\n');
        double Value(string prefix) => lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal) && !l.Contains("fhir-passthrough", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        var means = new List<string>();
        foreach (var stage in new[] { "accept", "map", "validate", "filter", "forward", "answer", "record" })
        {
            var label = $"stage=\"{stage}\"";
            var sum = lines.Where(l => l.StartsWith("interop_gateway_stage_duration_seconds_sum", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal)).Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
            var count = lines.Where(l => l.StartsWith("interop_gateway_stage_duration_seconds_count", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal)).Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
            means.Add(string.Create(CultureInfo.InvariantCulture, $"{stage} {(count == 0 ? 0 : sum / count * 1000):F2} ms"));
        }

        var upstreamMean = Value("interop_gateway_upstream_duration_seconds_sum") / Math.Max(1, Value("interop_gateway_upstream_duration_seconds_count")) * 1000;
        means.Add(string.Create(CultureInfo.InvariantCulture, $"one upstream call {upstreamMean:F2} ms"));
        return string.Join("; ", means);
    }

    private static async Task<string> LogInAsync(Uri gateway)
    {
        using var client = new HttpClient { BaseAddress = gateway };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = GatewayHost.Username,
            ["password"] = GatewayHost.Password,
            ["client_id"] = GatewayHost.ClientId,
            ["client_secret"] = GatewayHost.ClientSecret,
        });
        using var response = await client.PostAsync(new Uri("oauth/token", UriKind.Relative), form);
        var body = await response.Content.ReadAsStringAsync();
        using var answer = JsonDocument.Parse(body);
        return Find(answer.RootElement, "access_token") ?? throw new InvalidOperationException("No access token in: " + body);
    }

    private static string? Find(JsonElement element, string name) => element.ValueKind switch
    {
        JsonValueKind.Object => element.TryGetProperty(name, out var value) ? value.GetString() : element.EnumerateObject().Select(p => Find(p.Value, name)).FirstOrDefault(v => v is not null),
        JsonValueKind.Array => element.EnumerateArray().Select(e => Find(e, name)).FirstOrDefault(v => v is not null),
        _ => null,
    };

    private static async Task CheckAsync(HttpRequestMessage request, HttpStatusCode expected, Func<HttpMessageHandler, HttpMessageHandler>? wrap = null)
    {
        using var client = new HttpClient(wrap?.Invoke(new SocketsHttpHandler()) ?? new SocketsHttpHandler());
        using (request)
        using (var response = await client.SendAsync(request))
        {
            if (response.StatusCode != expected)
            {
                throw new InvalidOperationException($"{request.RequestUri} answered {(int)response.StatusCode}, not {(int)expected}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string RepositoryRoot()
    {
        var folder = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(folder, "Interop.sln")))
        {
            folder = Path.GetDirectoryName(folder) ?? throw new InvalidOperationException("Interop.sln not found above the benchmark.");
        }

        return folder;
    }
}
