using System.Text;
using System.Text.Json;
using Clinic.Interop;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;
using Interop.Contracts.Registration;
using Interop.Standards;
using Interop.Standards.Registration;
using Interop.Standards.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Interop.Contracts.Tests.Samples;

/// <summary>The sample adapter of contracts/README.md compiles, registers, maps to valid FHIR and never throws on bad input.</summary>
public sealed class ClinicRegisterAdapterTests
{
    private static ServiceProvider Services(Action<ClinicRegisterOptions>? configure = null) =>
        new ServiceCollection().AddInterop().AddStandards().AddClinicRegisterAdapter(configure).Services.BuildServiceProvider();

    private static LegacyRequest Request(string body) => Request(Encoding.UTF8.GetBytes(body));

    private static LegacyRequest Request(byte[] body) => new()
    {
        Operation = "register",
        Method = "POST",
        Path = "/clinic/register",
        ContentType = "application/json",
        Body = body,
        Sender = "KH/GOV/MOH/CLINIC-SANDBOX",
        ReceivedAt = new DateTimeOffset(2025, 2, 14, 9, 30, 0, TimeSpan.FromHours(7)),
    };

    [Fact]
    public async Task Register_ValidBody_MapsToAnIdentityPatientThatValidates()
    {
        using var services = Services();
        var adapter = Assert.Single(services.GetRequiredService<AdapterCatalog>().Adapters);

        var mapping = await adapter.MapRequestAsync(Request("""{"nid":"010203040","family":"SAO","sex":"M","birth":"1980-05-15"}"""), CancellationToken.None);

        var interaction = Assert.Single(Assert.Single(mapping.Items).Interactions);
        Assert.Equal((Destination.Registry, "register"), (interaction.Destination, interaction.PolicyInteraction));
        var report = services.GetRequiredService<IFhirValidator>().Validate(interaction.Resource!, interaction.Profile);
        Assert.True(report.IsValid, string.Join("; ", report.Issues.Select(i => $"{i.Path}: {i.Message}")));
        Assert.Equal(AdministrativeGender.Male, ((Patient)interaction.Resource!).Gender);
    }

    [Fact]
    public async Task Register_BadFields_ReturnsEveryFieldErrorAtOnce()
    {
        using var services = Services();
        var adapter = services.GetRequiredService<AdapterCatalog>().Adapters[0];

        var mapping = await adapter.MapRequestAsync(Request("""{"nid":12,"sex":"X"}"""), CancellationToken.None);

        var item = Assert.Single(mapping.Items);
        Assert.Equal(["family", "nid", "sex"], item.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Empty(item.Interactions);
    }

    [Fact]
    public async Task Register_AnswerWithSpid_BecomesTheLegacyAnswer()
    {
        using var services = Services();
        var adapter = services.GetRequiredService<AdapterCatalog>().Adapters[0];
        var request = Request("""{"nid":"010203040","family":"SAO","sex":"F"}""");
        var mapping = await adapter.MapRequestAsync(request, CancellationToken.None);
        var registered = new Patient { Identifier = [new Identifier(CanonicalUrls.IdentifierSystem("spid"), "402187360512")] };

        var response = adapter.MapResponse(new FhirExchange
        {
            Request = request,
            Mapping = mapping,
            Outcomes = [new ItemOutcome { Item = mapping.Items[0], Answers = [new FhirAnswer("register", 201, registered)] }],
        });

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("""{"spid":"402187360512"}""", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public async Task Register_RandomBytes_NeverThrow()
    {
        using var services = Services();
        var adapter = services.GetRequiredService<AdapterCatalog>().Adapters[0];
        var random = new Random(7);
        var seed = Encoding.UTF8.GetBytes("""{"nid":"010203040","family":"SAO","sex":"M","birth":"1980-05-15"}""");

        for (var i = 0; i < 2000; i++)
        {
            var body = seed.ToArray();
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                body[random.Next(body.Length)] = (byte)random.Next(256);
            }

            var mapping = await adapter.MapRequestAsync(Request(body), CancellationToken.None); // the bytes as sent, invalid UTF-8 included

            Assert.True(!mapping.IsAccepted || mapping.Items.Count == 1);
        }
    }

    [Fact]
    public async Task Register_InvalidUtf8InAString_IsRefusedAsNotWellFormed()
    {
        using var services = Services();
        var adapter = services.GetRequiredService<AdapterCatalog>().Adapters[0];
        byte[] body = [.. "{\"nid\":\"010203040\",\"family\":\"SA"u8, 0xC3, 0x28, .. "\",\"sex\":\"M\"}"u8];

        var mapping = await adapter.MapRequestAsync(Request(body), CancellationToken.None);

        var error = Assert.Single(mapping.MessageErrors);
        Assert.Equal(("$", "message-not-well-formed"), (error.Path, error.Code));
    }

    [Fact]
    public void Options_Invalid_StopTheStartBeforeAnythingRuns()
    {
        using var services = Services(o => o.OperatorSystem = "clinic");

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ClinicRegisterOptions>>().Value);

        Assert.Contains("OperatorSystem", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_ShowsTheSampleExactlyAsItCompiles()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Interop.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Interop.sln not found above the test output.");
        }

        var readme = File.ReadAllText(Path.Combine(root, "contracts", "README.md")).ReplaceLineEndings("\n");
        var sample = File.ReadAllText(Path.Combine(root, "contracts", "Interop.Contracts.Tests", "Samples", "ClinicRegisterAdapter.cs")).ReplaceLineEndings("\n");

        Assert.Contains("```csharp\n" + sample + "```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_ErrorRendering_IsTheClinicsOwnFormat()
    {
        using var services = Services();
        var adapter = services.GetRequiredService<AdapterCatalog>().Adapters[0];

        var response = adapter.RenderError(Request("{}"), new GatewayError("upstream-unavailable", 503, "Try again later."));

        using var json = JsonDocument.Parse(response.Body);
        Assert.Equal(503, response.StatusCode);
        Assert.Equal("upstream-unavailable", json.RootElement.GetProperty("error").GetString());
    }
}
