using System.Text.Json.Serialization;

namespace Interop.Sandbox.Operators;

/// <summary>The sandbox's seeded data (<c>Data/enrolment.json</c>): sample people's scheme cards and facilities.</summary>
internal sealed record EnrolmentSeed(
    [property: JsonPropertyName("facilities")] IReadOnlyList<SeedFacility> Facilities,
    [property: JsonPropertyName("enrolments")] IReadOnlyList<SeedEnrolment> Enrolments);

internal sealed record SeedFacility(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("qualityClass")] string QualityClass);

internal sealed record SeedIdentifier(
    [property: JsonPropertyName("system")] string System,
    [property: JsonPropertyName("value")] string Value);

internal sealed record SeedEnrolment(
    [property: JsonPropertyName("operator")] string Operator,
    [property: JsonPropertyName("scheme")] string Scheme,
    [property: JsonPropertyName("card")] SeedIdentifier Card,
    [property: JsonPropertyName("person")] IReadOnlyList<SeedIdentifier> Person,
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] string? To);
