using System.Text.Json.Serialization;

namespace Interop.Standards.Policies;

/// <summary>The JSON shape of a sharing policy (<c>standards/policies/*.json</c>), documented in <c>standards/README.md</c>.</summary>
internal sealed record SharingPolicyDocument
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("title")]
    public string? Title { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>The sending member id, or <c>*</c> for any sender.</summary>
    [JsonPropertyName("sender")]
    public string? Sender { get; init; }

    /// <summary>The receiving member id.</summary>
    [JsonPropertyName("receiver")]
    public string? Receiver { get; init; }

    /// <summary>The interactions the policy covers (<c>register</c>, <c>claim-submit</c>, ...).</summary>
    [JsonPropertyName("interactions")]
    public IReadOnlyList<string>? Interactions { get; init; }

    /// <summary>
    /// The elements the receiver may get, as paths from the resource type (<c>Patient.name</c>,
    /// <c>Patient.address.extension('https://...')</c>); an element allowed allows everything inside it.
    /// </summary>
    [JsonPropertyName("allow")]
    public IReadOnlyList<string>? Allow { get; init; }
}
