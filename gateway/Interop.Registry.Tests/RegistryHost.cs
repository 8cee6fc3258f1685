using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Interop.Registry.Storage;
using Interop.Standards;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Interop.Registry.Tests;

/// <summary>
/// A registry started through its real <c>Program</c> and pipeline on one storage backend, with a fresh database
/// (SQLite in memory, or a new PostgreSQL schema), the standards loaded once for all tests, and a clock the test moves.
/// </summary>
public sealed class RegistryHost : IAsyncDisposable
{
    public const string PostgresVariable = "INTEROP_TEST_POSTGRES";

    private static readonly Lazy<StandardsCatalog> Standards = new(() => StandardsCatalog.Load(new StandardsOptions()));

    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir();

    private readonly WebApplicationFactory<Program> _factory;
    private readonly string? _postgresSchema;

    private RegistryHost(WebApplicationFactory<Program> factory, string? postgresSchema, ManualClock clock, LogSink logs)
    {
        _factory = factory;
        Clock = clock;
        Logs = logs;
        _postgresSchema = postgresSchema;
        Client = factory.CreateClient();
    }

    public HttpClient Client { get; }

    /// <summary>The PostgreSQL schema of this host's tables, when on PostgreSQL.</summary>
    public string? PostgresSchema => _postgresSchema;

    public ManualClock Clock { get; }

    /// <summary>Everything the host logged.</summary>
    public LogSink Logs { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>
    /// Starts a registry; with <paramref name="sameDatabaseAs"/>, a second process on the same PostgreSQL schema. Signing is
    /// off (<c>Signing:Mode</c> Off) unless <paramref name="settings"/> turn it on: the signed exchange has its own tests.
    /// </summary>
    public static RegistryHost Start(string backend, Action<RegistryOptions>? configure = null, RegistryHost? sameDatabaseAs = null, IEnumerable<(string Key, string Value)>? settings = null)
    {
        string? schema = null;
        var storage = backend switch
        {
            "sqlite" => new StorageOptions { Provider = StorageProvider.Sqlite, ConnectionString = "Data Source=:memory:" },
            "postgres" => new StorageOptions
            {
                Provider = StorageProvider.Postgres,
                ConnectionString = Environment.GetEnvironmentVariable(PostgresVariable) ?? throw new InvalidOperationException($"{PostgresVariable} is not set."),
                Schema = sameDatabaseAs?.PostgresSchema ?? (schema = "registry_test_" + Guid.NewGuid().ToString("N")[..12]),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(backend)),
        };

        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var logs = new LogSink();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Registry:Storage:ConnectionString", "Data Source=:memory:");
            web.UseSetting("Signing:Mode", "Off");
            foreach (var (key, value) in settings ?? [])
            {
                web.UseSetting(key, value);
            }

            web.ConfigureTestServices(services =>
            {
                services.RemoveAll<StandardsCatalog>();
                services.AddSingleton(Standards.Value);
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(clock);
                services.AddSingleton<ILoggerProvider>(logs);
                services.PostConfigure<RegistryOptions>(options =>
                {
                    options.Storage = storage;
                    options.Notifications.RunDispatcher = false;
                    configure?.Invoke(options);
                });
            });
        });
        return new RegistryHost(factory, schema, clock, logs);
    }

    /// <summary>A client of the in-memory host sending through <paramref name="handlers"/> (e.g. a signing handler).</summary>
    public HttpClient CreateClient(params DelegatingHandler[] handlers) => _factory.CreateDefaultClient(handlers);

    public static StringContent Fhir(Resource resource) => new(JsonSerializer.Serialize(resource, resource.GetType(), Json), Encoding.UTF8, new MediaTypeHeaderValue("application/fhir+json"));

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response)
        where T : Resource
    {
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.Content.ReadAsStringAsync();
        return Assert.IsType<T>(JsonSerializer.Deserialize<Resource>(json, Json));
    }

    public Task<HttpResponseMessage> PostAsync(string path, Resource body, string member = "KH/GOV/NSSF/HSPIS")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Fhir(body) };
        request.Headers.Add("X-Member-Id", member);
        return Client.SendAsync(request);
    }

    /// <summary>Registers and returns the outcome code, the SPID and the answer.</summary>
    public async Task<(string Outcome, string Spid, Parameters Answer)> RegisterAsync(Patient patient, string member = "KH/GOV/NSSF/HSPIS")
    {
        var response = await PostAsync("/fhir/Patient/$register", patient, member);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var answer = await ReadAsync<Parameters>(response);
        var outcome = Assert.IsType<Coding>(answer.GetSingle("outcome")!.Value).Code;
        var registered = Assert.IsType<Patient>(answer.GetSingle("patient")!.Resource);
        var spid = registered.Identifier.Single(i => i.System == RegistryIdentifiers.Spid && i.Use == Identifier.IdentifierUse.Official).Value;
        return (outcome!, spid!, answer);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        if (_postgresSchema is not null)
        {
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresVariable));
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_postgresSchema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>Keeps every log line of a host, to check what a security event says and what it never says.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Category, LogLevel Level, string? EventName, string Message)> _lines = new();

    public IReadOnlyList<(string Category, LogLevel Level, string? EventName, string Message)> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<(string, LogLevel, string?, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((category, logLevel, eventId.Name, formatter(state, exception)));
    }
}

/// <summary>A clock that moves only when the test says so.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>Runs a theory on SQLite (always).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteStoreAttribute : Xunit.Sdk.DataAttribute
{
    public override IEnumerable<object[]> GetData(System.Reflection.MethodInfo testMethod) => [["sqlite"]];
}

/// <summary>Runs a theory on PostgreSQL when <c>INTEROP_TEST_POSTGRES</c> holds a connection string; otherwise the case is reported skipped, with the reason.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresStoreAttribute : Xunit.Sdk.DataAttribute
{
    public PostgresStoreAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(RegistryHost.PostgresVariable)))
        {
            Skip = $"PostgreSQL not configured: set {RegistryHost.PostgresVariable} to an Npgsql connection string (see gateway/Interop.Registry/README.md) to run this case on PostgreSQL.";
        }
    }

    public override IEnumerable<object[]> GetData(System.Reflection.MethodInfo testMethod) => [["postgres"]];
}
