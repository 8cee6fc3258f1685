namespace Interop.Gateway.Transactions;

/// <summary>
/// One transaction as the log keeps it: who, what, when, digests, outcome, timings, what the sharing policy removed
/// (paths only). The request body is kept so a failed transaction can be re-run; the legacy answer so a retry is
/// answered from the record. Records are appended, never updated: a re-run is a new record pointing at the old one.
/// </summary>
public sealed record TransactionRecord
{
    public required string Id { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required string Sender { get; init; }

    public required string Adapter { get; init; }

    public required string AdapterVersion { get; init; }

    public required string Operation { get; init; }

    public required string Method { get; init; }

    public required string Path { get; init; }

    public string? IdempotencyKey { get; init; }

    /// <summary><c>completed</c>, <c>refused</c> (bad input, answered in the legacy format) or <c>failed</c> (an upstream could not answer; re-runnable).</summary>
    public required string Status { get; init; }

    public required int HttpStatus { get; init; }

    public required string RequestDigest { get; init; }

    public string? ResponseDigest { get; init; }

    public IReadOnlyList<string> Upstreams { get; init; } = [];

    public IReadOnlyDictionary<string, double> TimingsMs { get; init; } = new Dictionary<string, double>();

    public IReadOnlyList<string> RemovedPaths { get; init; } = [];

    public string? ErrorSummary { get; init; }

    public string? RequestContentType { get; init; }

    public byte[] RequestBody { get; init; } = [];

    public IReadOnlyDictionary<string, string> RequestHeaders { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> RouteValues { get; init; } = new Dictionary<string, string>();

    public string? Query { get; init; }

    public string? ResponseContentType { get; init; }

    public byte[] ResponseBody { get; init; } = [];

    /// <summary>The transaction this one re-runs.</summary>
    public string? RerunOf { get; init; }

    /// <summary>The hash of the record before this one in the log (the chain).</summary>
    public string? PreviousHash { get; init; }

    /// <summary>SHA-256 over this record's content and <see cref="PreviousHash"/>.</summary>
    public string? Hash { get; init; }

    /// <summary>
    /// The signature evidence of every hop (the caller's request, each upstream request and answer, our answer), or
    /// <see langword="null"/> when signing is off. Left out of the hash when null, so records written before signing
    /// existed still verify.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<HopEvidence>? Evidence { get; init; }
}

/// <summary>Filters for listing transactions.</summary>
public sealed record TransactionQuery
{
    public string? Status { get; init; }

    public string? Sender { get; init; }

    public string? Adapter { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public int Limit { get; init; } = 100;
}
