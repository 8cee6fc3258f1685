using System.Text.Json.Nodes;
using Interop.Signatures.Trust;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Interop.Signatures.Tests.Trust;

/// <summary>JWKS and trust store options built from freshly generated keys.</summary>
internal static class TrustFixtures
{
    public const string Pmrs = "KH/GOV/MOH/PMRS-120101";
    public const string Hspis = "KH/GOV/NSSF/HSPIS";

    public static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A JWKS holding the public parts of the given generated keys.</summary>
    public static string Jwks(params GeneratedKeyPair[] pairs) =>
        new JsonObject { ["keys"] = new JsonArray([.. pairs.Select(p => JsonNode.Parse(p.PublicJwks)!["keys"]![0]!.DeepClone())]) }.ToJsonString();

    /// <summary>A JWKS of one key given as JSON object text.</summary>
    public static string JwksOf(string jwkJson) => $$"""{"keys":[{{jwkJson}}]}""";

    /// <summary>The public JWK of a generated key with one member changed (null removes it).</summary>
    public static string PublicJwkWith(GeneratedKeyPair pair, string member, JsonNode? value)
    {
        var jwk = JsonNode.Parse(pair.PublicJwks)!["keys"]![0]!.AsObject();
        jwk.Remove(member);
        if (value is not null)
        {
            jwk[member] = value;
        }

        return jwk.ToJsonString();
    }

    public static TrustStoreOptions Options(params (string Member, TrustedMemberOptions Options)[] members)
    {
        var options = new TrustStoreOptions();
        foreach (var (member, memberOptions) in members)
        {
            options.Members[member] = memberOptions;
        }

        return options;
    }

    public static TrustedMemberOptions Inline(string jwks, params string[] routes) => new() { Jwks = jwks, Routes = [.. routes] };
}

/// <summary>An options monitor whose value a test replaces, notifying listeners like configuration reload does.</summary>
internal sealed class TestOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    private readonly List<Action<T, string?>> _listeners = [];

    public T CurrentValue { get; private set; } = value;

    public T Get(string? name) => CurrentValue;

    public IDisposable OnChange(Action<T, string?> listener)
    {
        _listeners.Add(listener);
        return new Subscription(() => _listeners.Remove(listener));
    }

    public void Change(T value)
    {
        CurrentValue = value;
        foreach (var listener in _listeners.ToList())
        {
            listener(value, Microsoft.Extensions.Options.Options.DefaultName);
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

/// <summary>A logger that keeps what it is told.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries)
        {
            Entries.Add((logLevel, formatter(state, exception)));
        }
    }
}
