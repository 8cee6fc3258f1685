using Hl7.Fhir.Model;
using Interop.Adapters.Example;
using Interop.Contracts.Adapters;
using Interop.Contracts.Mapping;

namespace Interop.Conformance.Tests.Defects;

/// <summary>The Example adapter with one <see cref="Defect"/> planted in what it maps; everything else is the sound adapter's.</summary>
public sealed class BrokenExampleAdapter(ExampleAdapter sound, Defect defect) : ILegacyAdapter
{
    /// <summary>How long the hanging adapter blocks: far past the budget the tests give it, short enough to let its thread go.</summary>
    public static readonly TimeSpan Hang = TimeSpan.FromSeconds(10);

    public AdapterManifest Manifest => sound.Manifest;

    public async ValueTask<InboundMapping> MapRequestAsync(LegacyRequest request, CancellationToken cancellationToken)
    {
        var mapping = await sound.MapRequestAsync(request, cancellationToken);
        var bad = !mapping.IsAccepted || mapping.Items.Any(i => !i.IsAccepted);
        switch (defect)
        {
            case Defect.ExceptionOnBadInput when bad:
                throw new FormatException("The body could not be read.");
            case Defect.HangOnBadInput when bad:
                Thread.Sleep(Hang);
                return mapping;
            default:
                return mapping with { Items = [.. mapping.Items.Select(Break)] };
        }
    }

    public LegacyResponse MapResponse(FhirExchange exchange) => sound.MapResponse(exchange);

    public LegacyResponse RenderError(LegacyRequest request, GatewayError error) => sound.RenderError(request, error);

    private MappedItem Break(MappedItem item) => item with
    {
        Interactions = [.. item.Interactions.Select(i => i.Resource is Patient patient ? i with { Resource = Break((Patient)patient.DeepCopy()) } : i)],
    };

    private Patient Break(Patient patient)
    {
        switch (defect)
        {
            case Defect.GoldenMismatch:
                patient.Name[0].Family = patient.Name[0].Family?.ToLowerInvariant();
                break;
            case Defect.InvalidFhir:
                patient.Gender = null;
                break;
            case Defect.NondeterministicIds:
                patient.Id = "example-" + Guid.NewGuid().ToString("N");
                break;
            case Defect.RegistryLeak:
                patient.Meta ??= new Meta();
                patient.Meta.Tag = [new Coding("https://fhir.nspc.gov.kh/CodeSystem/idpoor-poverty-level", "1")];
                break;
            case Defect.DanglingReference:
                patient.Link = [new Patient.LinkComponent { Other = new ResourceReference("Patient/somebody-else"), Type = Patient.LinkType.Seealso }];
                break;
        }

        return patient;
    }
}
