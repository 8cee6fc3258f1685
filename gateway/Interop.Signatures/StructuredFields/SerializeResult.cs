using System.Diagnostics.CodeAnalysis;

namespace Interop.Signatures.StructuredFields;

/// <summary>The outcome of serializing a Structured Field: the field value, or why it has none.</summary>
public sealed class SerializeResult
{
    private SerializeResult(string? value, string? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The serialized field value when <see cref="IsSuccess"/> is true.</summary>
    public string? Value { get; }

    /// <summary>Why the value cannot be serialized when <see cref="IsSuccess"/> is false.</summary>
    public string? Error { get; }

    /// <summary>True when the value was serialized.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    internal static SerializeResult Success(string value) => new(value, null);

    internal static SerializeResult Failure(string error) => new(null, error);
}
