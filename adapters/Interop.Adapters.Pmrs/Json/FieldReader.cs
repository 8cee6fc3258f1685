using System.Text.Json;
using Interop.Contracts.Mapping;

namespace Interop.Adapters.Pmrs.Json;

/// <summary>
/// Reads the fields of a PMRS JSON object, collecting every error with its dot path (<c>invoices.0.items.1.quantity</c>)
/// and every field it does not map.
/// </summary>
internal sealed class FieldReader
{
    public List<FieldError> Errors { get; } = [];

    public List<string> Unmapped { get; } = [];

    public static string Join(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    public static bool TryGet(JsonElement parent, string name, out JsonElement value)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    public void Error(string path, string code, string reason, string? value = null) => Errors.Add(new FieldError(path, code, reason, value));

    /// <summary>Lists the properties of <paramref name="element"/> the adapter does not map (null and empty values are not data).</summary>
    public void ListUnmapped(JsonElement element, string path, params string[] mapped)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (System.Array.IndexOf(mapped, property.Name) < 0 && HasData(property.Value))
            {
                Unmapped.Add(Join(path, property.Name));
            }
        }
    }

    /// <summary>A string field. Missing or empty: <c>missing-value</c> when required; another JSON type: <c>invalid-format</c>.</summary>
    public string? Text(JsonElement parent, string name, string parentPath, bool required, string? label = null)
    {
        var path = Join(parentPath, name);
        if (!TryGet(parent, name, out var value))
        {
            if (required)
            {
                Error(path, "missing-value", $"The {label ?? name} is required.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(path, "invalid-format", $"The {label ?? name} must be a string.", value.GetRawText());
            return null;
        }

        var text = value.GetString()!.Trim();
        if (text.Length == 0)
        {
            if (required)
            {
                Error(path, "missing-value", $"The {label ?? name} is required.");
            }

            return null;
        }

        return text;
    }

    /// <summary>A number field; <paramref name="minimum"/> and whole-number checks give <c>invalid-value</c>.</summary>
    public decimal? Number(JsonElement parent, string name, string parentPath, bool required, decimal minimum, bool whole)
    {
        var path = Join(parentPath, name);
        if (!TryGet(parent, name, out var value))
        {
            if (required)
            {
                Error(path, "missing-value", $"The {name} is required.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
        {
            Error(path, "invalid-format", $"The {name} must be a number.", value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
            return null;
        }

        if (whole && number != decimal.Truncate(number))
        {
            Error(path, "invalid-format", $"The {name} must be a whole number.", value.GetRawText());
            return null;
        }

        if (number < minimum)
        {
            Error(path, "invalid-value", $"Must be at least {minimum}.", value.GetRawText());
            return null;
        }

        return number;
    }

    /// <summary>A boolean field; absent is <paramref name="absent"/>.</summary>
    public bool Boolean(JsonElement parent, string name, string parentPath, bool absent)
    {
        if (!TryGet(parent, name, out var value))
        {
            return absent;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Error(Join(parentPath, name), "invalid-format", $"The {name} must be true or false.", value.GetRawText());
        return absent;
    }

    /// <summary>An object field; another JSON type is <c>invalid-format</c>.</summary>
    public JsonElement? Object(JsonElement parent, string name, string parentPath, bool required)
    {
        var path = Join(parentPath, name);
        if (!TryGet(parent, name, out var value))
        {
            if (required)
            {
                Error(path, "missing-value", $"The {name} is required.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Error(path, "invalid-format", $"The {name} must be an object.");
            return null;
        }

        return value;
    }

    /// <summary>The elements of an array field (empty when absent); another JSON type is <c>invalid-format</c>.</summary>
    public IReadOnlyList<JsonElement> Array(JsonElement parent, string name, string parentPath)
    {
        if (!TryGet(parent, name, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(Join(parentPath, name), "invalid-format", $"The {name} must be an array.");
            return [];
        }

        return [.. value.EnumerateArray()];
    }

    private static bool HasData(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => false,
        JsonValueKind.String => value.GetString()!.Length > 0,
        JsonValueKind.Array => value.GetArrayLength() > 0,
        JsonValueKind.Object => value.EnumerateObject().Any(),
        _ => true,
    };
}
