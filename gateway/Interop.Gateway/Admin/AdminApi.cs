using System.Globalization;
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
        admin.MapGet("/transactions", ListAsync);
        admin.MapGet("/transactions/chain", async (ITransactionStore log, CancellationToken ct) =>
            await log.VerifyChainAsync(ct) is { } broken ? Results.Ok(new { valid = false, firstBrokenRecord = broken }) : Results.Ok(new { valid = true, firstBrokenRecord = (string?)null }));
        admin.MapGet("/transactions/{id}", async (string id, ITransactionStore log, CancellationToken ct) =>
            await log.GetAsync(id, ct) is { } record ? Results.Ok(Detail(record, await log.RerunsOfAsync(id, ct))) : NotFound(id));
        admin.MapPost("/transactions/{id}/rerun", RerunAsync);
        return app;
    }

    public const int MaxLimit = 1000;

    private static readonly string[] Statuses = ["completed", "refused", "failed"];

    /// <summary>Lists transactions by the query's filters; a filter that cannot be read is refused, naming it and what it takes.</summary>
    private static async Task<IResult> ListAsync(HttpRequest request, ITransactionStore log, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? Text(string name) => request.Query[name].ToString() is { Length: > 0 } value ? value : null;
        DateTimeOffset? Instant(string name)
        {
            if (Text(name) is not { } value)
            {
                return null;
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            {
                return instant;
            }

            errors[name] = [$"'{name}' must be an ISO 8601 date-time, such as 2026-11-23T09:30:00+07:00."];
            return null;
        }

        var status = Text("status");
        if (status is not null && !Statuses.Contains(status, StringComparer.Ordinal))
        {
            errors["status"] = [$"'status' is one of {string.Join(", ", Statuses)}."];
        }

        var (from, to) = (Instant("from"), Instant("to"));
        var limit = 100;
        if (Text("limit") is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
        {
            errors["limit"] = [$"'limit' is a whole number from 1 to {MaxLimit}."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "The query cannot be read.");
        }

        var query = new TransactionQuery { Status = status, Sender = Text("sender"), Adapter = Text("adapter"), From = from, To = to, Limit = limit };
        return Results.Ok((await log.ListAsync(query, ct)).Select(Summary));
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

        var attempt = Guid.CreateVersion7(clock.GetUtcNow()).ToString("N");
        if (original.Adapter == Passthrough.FhirPassthrough.AdapterId)
        {
            return await passthrough.RerunAsync(original, attempt, ct) is { } forwarded
                ? Rerun(id, attempt, forwarded)
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
        return Rerun(id, attempt, await pipeline.RunAsync(adapter, route, request, attempt, rerunOf: id, refusal: null, inbound: null, ct));
    }

    /// <summary>
    /// The re-run's record; or a conflict when it was not sent, saying why from the record it got: a retry (or another
    /// re-run) of the same message ran meanwhile (the re-run waited for it, or found it answered), named with how it
    /// ended; or the message is still running on another instance (a refusal recorded without the key says so).
    /// </summary>
    private static IResult Rerun(string id, string attempt, TransactionRecord record) => record switch
    {
        _ when record.Id == attempt && record.RerunOf == id => Results.Ok(Summary(record)),
        { IdempotencyKey: null } => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "A retry of the message is running on another gateway instance",
            detail: $"Transaction {id} was not sent again; re-run it once that retry has ended, if it failed."),
        _ => Results.Problem(statusCode: StatusCodes.Status409Conflict,
            title: (record.RerunOf == id, record.Status == "failed") switch
            {
                (true, _) => "Another re-run of the message ran meanwhile",
                (false, true) => "A retry of the message ran meanwhile, and failed",
                _ => "The message was answered since",
            },
            detail: $"Transaction {record.Id} ({record.Status}) ran it meanwhile; it was not sent again."),
    };

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
        return Hosting.ApiKeys.Accepts(keys, http.Request.Headers[KeyHeader].ToString())
            ? await next(context)
            : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The admin API needs a valid X-Admin-Key.");
    }
}
