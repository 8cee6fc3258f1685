using System.Text.Json;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Example;

/// <summary>Writes the Example system's JSON answers.</summary>
internal static class ExampleJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static LegacyResponse Answer(int status, object body) =>
        new(status, "application/json; charset=utf-8", JsonSerializer.SerializeToUtf8Bytes(body, Options));
}
