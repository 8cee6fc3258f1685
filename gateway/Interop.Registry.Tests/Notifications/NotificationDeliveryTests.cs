using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Interop.Registry.Notifications;
using Interop.Registry.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Interop.Registry.Tests.People;

namespace Interop.Registry.Tests.Notifications;

/// <summary>The outbox against a real HTTP receiver (Kestrel on loopback) that fails, then recovers.</summary>
public sealed class NotificationDeliveryTests
{
    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Merge_ReceiverFailsThenRecovers_EachOperatorGetsTheMessageExactlyOnce(string store)
    {
        await using var receiver = await FlakyReceiver.StartAsync(failures: 2);
        await using var host = RegistryHost.Start(store, options =>
        {
            options.Notifications.Endpoints["KH/GOV/NSSF/HSPIS"] = new Uri(receiver.BaseAddress, "notify/nssf");
            options.Notifications.Endpoints["KH/GOV/MOH/PCA"] = new Uri(receiver.BaseAddress, "notify/pca");
        });
        var (nssf, card) = (NssfNumber(), EquityCard());
        var a = await host.RegisterAsync(Person(null, null, "PROM", "SOPHAL", "male", BirthDate(), Village(), Id(RegistryIdentifiers.NssfMemberNumber, nssf)));
        var b = await host.RegisterAsync(Person(null, null, "YIM", "NIMOL", "female", BirthDate(), Village(), Id(RegistryIdentifiers.IdPoorEquityCard, card)), "KH/GOV/MOH/PCA");
        var merge = new Parameters();
        merge.Add("source-patient", new Identifier(RegistryIdentifiers.Spid, b.Spid));
        merge.Add("target-patient", new Identifier(RegistryIdentifiers.Spid, a.Spid));
        merge.Add("reason", new FhirString("Registered twice"));
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("/fhir/Patient/$merge", merge, "KH/GOV/NSPC/REGISTRY-DESK")).StatusCode);
        var dispatcher = host.Services.GetRequiredService<OutboxDispatcher>();

        var delivered = new List<int> { await dispatcher.DispatchDueAsync() };
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        delivered.Add(await dispatcher.DispatchDueAsync()); // not due yet: the first retry waits 10 s
        host.Clock.Advance(TimeSpan.FromSeconds(6));
        delivered.Add(await dispatcher.DispatchDueAsync());
        host.Clock.Advance(TimeSpan.FromHours(2));
        delivered.Add(await dispatcher.DispatchDueAsync());

        Assert.Equal([0, 0, 2, 0], delivered);
        Assert.Equal(4, receiver.Requests.Count);
        var accepted = receiver.Requests.Where(r => r.Accepted).ToList();
        Assert.Equal(["/notify/nssf", "/notify/pca"], accepted.Select(r => r.Path).Order(StringComparer.Ordinal));
        // A retry is the same message (same Bundle id), so a receiver that saw it before can tell.
        Assert.Equal(receiver.Requests.Select(r => r.BundleId).Distinct().Order(StringComparer.Ordinal), accepted.Select(r => r.BundleId).Order(StringComparer.Ordinal));
        var toNssf = accepted.Single(r => r.Path == "/notify/nssf").Bundle;
        Assert.Equal(Bundle.BundleType.Message, toNssf.Type);
        var header = Assert.IsType<MessageHeader>(toNssf.Entry[0].Resource);
        Assert.Equal("merge", ((Coding)header.Event).Code);
        var subject = Assert.IsType<Patient>(toNssf.Entry[1].Resource);
        Assert.Equal([a.Spid, b.Spid, nssf], subject.Identifier.Select(i => i.Value));
        Assert.DoesNotContain(subject.Identifier, i => i.Value == card);
        Assert.All(await host.Services.GetRequiredService<IRegistryStore>().ListNotificationsAsync(), m => Assert.Equal(2, m.Attempts));
    }

    [Theory, SqliteStore, PostgresStore]
    public async System.Threading.Tasks.Task Register_AnotherSchemeJoinsAKnownPerson_TheFirstSchemeIsToldAndTheRegisteringOneIsNot(string store)
    {
        await using var host = RegistryHost.Start(store);
        var (birth, village, khmerId, nssf) = (BirthDate(), Village(), KhmerId(), NssfNumber());
        var first = await host.RegisterAsync(Person(null, null, "OUK", "CHANNA", "female", birth, village, Id(RegistryIdentifiers.NssfMemberNumber, nssf), Id(RegistryIdentifiers.KhmerNationalId, khmerId)));

        var second = await host.RegisterAsync(Person("អ៊ុក", "ចាន់ណា", null, null, "female", birth, village, Id(RegistryIdentifiers.KhmerNationalId, khmerId), Id(RegistryIdentifiers.IdPoorEquityCard, EquityCard())), "KH/GOV/MOH/PCA");

        Assert.Equal((first.Spid, "existing"), (second.Spid, second.Outcome));
        var message = Assert.Single(await host.Services.GetRequiredService<IRegistryStore>().ListNotificationsAsync());
        Assert.Equal("KH/GOV/NSSF/HSPIS", message.Receiver);
        Assert.DoesNotContain("idpoor-equity-card", message.Payload, StringComparison.Ordinal);
        Assert.Contains(first.Spid, message.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public void EventCodes_UsedInMessagesAndAudit_AreInTheStandards()
    {
        var terminology = Interop.Standards.StandardsCatalog.Load(new Interop.Standards.StandardsOptions()).Terminology;

        Assert.Equal(
            ["link", "merge", "review-different-people", "review-same-person", "unlink"],
            terminology.Concepts(NotificationBuilder.EventSystem).Select(c => c.Code).Order(StringComparer.Ordinal));
    }

    private sealed record Received(string Path, bool Accepted, string BundleId, Bundle Bundle);

    /// <summary>An operator endpoint that answers 503 to its first requests, then 200.</summary>
    private sealed class FlakyReceiver : IAsyncDisposable
    {
        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir();
        private readonly WebApplication _app;
        private int _remainingFailures;

        private FlakyReceiver(WebApplication app, int failures)
        {
            _app = app;
            _remainingFailures = failures;
        }

        public ConcurrentQueue<Received> Requests { get; } = new();

        public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

        public static async Task<FlakyReceiver> StartAsync(int failures)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
            var app = builder.Build();
            var receiver = new FlakyReceiver(app, failures);
            app.MapPost("/notify/{operator}", async (HttpRequest request) =>
            {
                var body = await new StreamReader(request.Body).ReadToEndAsync();
                var bundle = (Bundle)JsonSerializer.Deserialize<Resource>(body, Json)!;
                var accepted = Interlocked.Decrement(ref receiver._remainingFailures) < 0;
                receiver.Requests.Enqueue(new Received(request.Path, accepted, bundle.Id!, bundle));
                return accepted ? Results.Ok() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            });
            await app.StartAsync();
            return receiver;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
