using System.Security.Cryptography;
using System.Text;
using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;
using Interop.Gateway.Pipeline;
using Interop.Gateway.Transactions;
using Microsoft.Extensions.Options;

namespace Interop.Gateway.Admin;

/// <summary>
/// The operators' API, separate from the legacy routes and authenticated with an API key: list and filter
/// transactions, read one, re-run a failed one (the result is a new record linked to the original), verify the chain.
/// Bodies are never returned: they may hold personal data.
/// </summary>
internal static class AdminApi
{
    public const string KeyHeader = "X-Admin-Key";

    public static WebApplication MapAdminApi(this WebApplication app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(RequireKeyAsync);
        admin.MapGet("/transactions", async (string? status, string? sender, string? adapter, DateTimeOffset? from, DateTimeOffset? to, int? limit, ITransactionStore log, CancellationToken ct) =>
            Results.Ok((await log.ListAsync(new TransactionQuery { Status = status, Sender = sender, Adapter = adapter, From = from, To = to, Limit = limit ?? 100 }, ct)).Select(Summary)));
        admin.MapGet("/transactions/chain", async (ITransactionStore log, CancellationToken ct) =>
            await log.VerifyChainAsync(ct) is { } broken ? Results.Ok(new { valid = false, firstBrokenRecord = broken }) : Results.Ok(new { valid = true, firstBrokenRecord = (string?)null }));
        admin.MapGet("/transactions/{id}", async (string id, ITransactionStore log, CancellationToken ct) =>
            await log.GetAsync(id, ct) is { } record ? Results.Ok(Detail(record, await log.RerunsOfAsync(id, ct))) : NotFound(id));
        admin.MapPost("/transactions/{id}/rerun", RerunAsync);
        return app;
    }

    private static async Task<IResult> RerunAsync(string id, ITransactionStore log, AdapterCatalog adapters, LegacyPipeline pipeline, Passthrough.FhirPassthrough passthrough, TimeProvider clock, CancellationToken ct)
    {
        if (await log.GetAsync(id, ct) is not { } original)
        {
            return NotFound(id);
        }

        if (original.Status != "failed")
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Only failed transactions are re-run", detail: $"Transaction {id} is {original.Status}.");
        }

        if (original.Adapter == Passthrough.FhirPassthrough.AdapterId)
        {
            return await passthrough.RerunAsync(original, ct) is { } forwarded
                ? Results.Ok(Summary(forwarded))
                : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The upstream is no longer configured", detail: original.Path);
        }

        if (!adapters.TryGet(original.Adapter, out var adapter) || adapter.Manifest.Routes.FirstOrDefault(r => r.Operation == original.Operation) is not { } route)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The adapter or route is no longer registered", detail: $"{original.Adapter}/{original.Operation}");
        }

        var request = new LegacyRequest
        {
            Operation = original.Operation,
            Method = original.Method,
            Path = original.Path,
            RouteValues = original.RouteValues,
            Query = ParseQuery(original.Query),
            Headers = new Dictionary<string, string>(original.RequestHeaders, StringComparer.OrdinalIgnoreCase),
            ContentType = original.RequestContentType,
            Body = original.RequestBody,
            Sender = original.Sender,
            ReceivedAt = clock.GetUtcNow(),
        };
        var rerun = await pipeline.RunAsync(adapter, route, request, Guid.CreateVersion7(clock.GetUtcNow()).ToString("N"), rerunOf: id, refusal: null, inbound: null, ct);
        return Results.Ok(Summary(rerun));
    }

    private static Dictionary<string, IReadOnlyList<string>> ParseQuery(string? query) =>
        (query ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .GroupBy(p => Uri.UnescapeDataString(p[0]), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "").ToList(), StringComparer.Ordinal);

    private static object Summary(TransactionRecord r) => new
    {
        id = r.Id,
        receivedAt = r.ReceivedAt,
        sender = r.Sender,
        adapter = r.Adapter,
        adapterVersion = r.AdapterVersion,
        operation = r.Operation,
        status = r.Status,
        httpStatus = r.HttpStatus,
        rerunOf = r.RerunOf,
        errorSummary = r.ErrorSummary,
    };

    private static object Detail(TransactionRecord r, IReadOnlyList<string> reruns) => new
    {
        id = r.Id,
        receivedAt = r.ReceivedAt,
        sender = r.Sender,
        adapter = r.Adapter,
        adapterVersion = r.AdapterVersion,
        operation = r.Operation,
        method = r.Method,
        path = r.Path,
        idempotencyKey = r.IdempotencyKey,
        status = r.Status,
        httpStatus = r.HttpStatus,
        requestDigest = r.RequestDigest,
        responseDigest = r.ResponseDigest,
        upstreams = r.Upstreams,
        timingsMs = r.TimingsMs,
        removedPaths = r.RemovedPaths,
        errorSummary = r.ErrorSummary,
        rerunOf = r.RerunOf,
        reruns,
        evidence = r.Evidence,
        previousHash = r.PreviousHash,
        hash = r.Hash,
    };

    private static IResult NotFound(string id) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such transaction", detail: id);

    private static async ValueTask<object?> RequireKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var keys = http.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKeys;
        var presented = http.Request.Headers[KeyHeader].ToString();
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var accepted = presented.Length > 0 && keys.Any(k => CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(k)), presentedHash));
        return accepted
            ? await next(context)
            : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The admin API needs a valid X-Admin-Key.");
    }
}
