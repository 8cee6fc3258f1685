using System.Text;
using Interop.Conformance.Fixtures;
using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;
using Interop.Contracts.Registration;
using Interop.Standards;

namespace Interop.Conformance;

/// <summary>
/// What an adapter author writes to run the kit: how the adapter is registered (exactly as the gateway registers it)
/// and, where the defaults do not fit, who sends the fixtures' requests and how a case becomes a request.
/// The command line finds the one public, non-abstract subclass with a parameterless constructor in the assembly it is given;
/// the xunit base class <c>AdapterConformanceTests&lt;TSetup&gt;</c> takes it as its type argument.
/// </summary>
/// <example>
/// <code>
/// public sealed class PmrsConformance : AdapterConformanceSetup
/// {
///     public override void Register(IInteropBuilder interop) => interop.AddPmrsAdapter();
/// }
/// </code>
/// </example>
public abstract class AdapterConformanceSetup
{
    /// <summary>The registry's member id: interactions to <see cref="Destination.Registry"/> are filtered for it.</summary>
    public const string DefaultRegistryMember = "KH/GOV/NSPC/REGISTRY";

    /// <summary>
    /// Registers the adapter on the interop builder (<c>interop.AddPmrsAdapter()</c>). The kit has already called
    /// <c>AddInterop().AddStandards()</c>, so the adapter gets the real terminology, identifier systems and tariff.
    /// Register exactly one adapter.
    /// </summary>
    /// <param name="interop">The interop builder.</param>
    public abstract void Register(IInteropBuilder interop);

    /// <summary>Changes the standards the kit loads (for example another root). Default: the standards shipped with the kit.</summary>
    /// <param name="options">The standards options.</param>
    public virtual void ConfigureStandards(StandardsOptions options)
    {
    }

    /// <summary>The fixture folder used when none is given on the command line. Default: <c>fixtures</c> next to the setup's assembly.</summary>
    public virtual string FixturesFolder => Path.Combine(AssemblyFolder, "fixtures");

    /// <summary>Where the xunit base class writes its JUnit XML and Markdown reports. Default: <c>conformance-reports</c> next to the setup's assembly.</summary>
    public virtual string ReportFolder => Path.Combine(AssemblyFolder, "conformance-reports");

    /// <summary>The folder of the assembly that declares the setup (the adapter's test output), whoever runs it.</summary>
    protected string AssemblyFolder => Path.GetDirectoryName(GetType().Assembly.Location) ?? AppContext.BaseDirectory;

    /// <summary>The member that sends the fixtures' requests. Default: the manifest's operator system.</summary>
    /// <param name="manifest">The adapter's manifest.</param>
    /// <returns>The sender's member id.</returns>
    public virtual string Sender(AdapterManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.OperatorSystem;
    }

    /// <summary>The registry's member id. Default: <see cref="DefaultRegistryMember"/>.</summary>
    public virtual string RegistryMember => DefaultRegistryMember;

    /// <summary>When the gateway received the fixtures' requests, unless a case says otherwise. Default: 2025-02-14 10:05 in Cambodia.</summary>
    public virtual DateTimeOffset ReceivedAt => new(2025, 2, 14, 10, 5, 0, TimeSpan.FromHours(7));

    /// <summary>Whether <c>expected.fhir.json</c> shows each field error's <c>value</c>. Default: <see langword="true"/>.</summary>
    public virtual bool GoldenErrorValues => true;

    /// <summary>How hard the kit pushes the adapter.</summary>
    public virtual ConformanceOptions Options => new();

    /// <summary>
    /// Turns a case into the legacy request. Default: <c>case.json</c> (a <see cref="RequestEnvelope"/>, optional when the adapter has
    /// a single route) and the body of <c>request.*</c>. Override when existing fixtures describe requests another way.
    /// </summary>
    /// <param name="case">The case.</param>
    /// <param name="manifest">The adapter's manifest.</param>
    /// <returns>The request.</returns>
    /// <exception cref="FixtureException">The case does not describe a request.</exception>
    public virtual LegacyRequest CreateRequest(FixtureCase @case, AdapterManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var envelope = @case.File("case.json") is { } file ? FixtureJson.Read<RequestEnvelope>(file) : new RequestEnvelope();
        var body = envelope.NoBody ? [] : File.ReadAllBytes(@case.RequestFile);
        return Request(envelope, body, manifest);
    }

    /// <summary>Builds a request from an envelope and a body, filling what the envelope leaves out from the manifest route and this setup.</summary>
    /// <param name="envelope">The envelope.</param>
    /// <param name="body">The body bytes (empty for none).</param>
    /// <param name="manifest">The adapter's manifest.</param>
    /// <returns>The request.</returns>
    /// <exception cref="FixtureException">The envelope names no route of the manifest.</exception>
    public LegacyRequest Request(RequestEnvelope envelope, ReadOnlyMemory<byte> body, AdapterManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(manifest);
        var route = envelope.Operation is { } operation
            ? manifest.Routes.FirstOrDefault(r => r.Operation == operation) ?? throw new FixtureException($"The manifest has no operation '{operation}'.")
            : manifest.Routes.Count == 1 ? manifest.Routes[0] : throw new FixtureException("The adapter has several routes: name the operation in case.json.");
        var path = envelope.Path ?? envelope.Route.Aggregate(route.PathTemplate, (p, v) => p.Replace("{" + v.Key + "}", v.Value, StringComparison.Ordinal));
        return new LegacyRequest
        {
            Operation = route.Operation,
            Method = envelope.Method ?? route.Method,
            Path = path,
            Query = envelope.Query,
            RouteValues = envelope.Route,
            Headers = new Dictionary<string, string>(envelope.Headers, StringComparer.OrdinalIgnoreCase),
            ContentType = body.IsEmpty ? envelope.ContentType : envelope.ContentType ?? route.RequestContentTypes.FirstOrDefault(),
            Body = body,
            Sender = envelope.Sender ?? Sender(manifest),
            ReceivedAt = envelope.ReceivedAt ?? ReceivedAt,
        };
    }

    /// <summary>Builds a request with a text body.</summary>
    /// <param name="envelope">The envelope.</param>
    /// <param name="body">The body text, UTF-8 encoded.</param>
    /// <param name="manifest">The adapter's manifest.</param>
    /// <returns>The request.</returns>
    public LegacyRequest Request(RequestEnvelope envelope, string body, AdapterManifest manifest) =>
        Request(envelope, Encoding.UTF8.GetBytes(body), manifest);
}
