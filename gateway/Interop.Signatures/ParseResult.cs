using System.Diagnostics.CodeAnalysis;

namespace Interop.Signatures;

/// <summary>Why a value could not be parsed: the zero-based character position and the reason.</summary>
/// <param name="Position">Zero-based position in the input where parsing stopped.</param>
/// <param name="Reason">What was wrong, in words a developer can act on.</param>
public sealed record ParseError(int Position, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"position {Position}: {Reason}";
}

/// <summary>The outcome of a parser: either a value or a <see cref="ParseError"/>, never an exception.</summary>
/// <typeparam name="T">The parsed type.</typeparam>
public sealed class ParseResult<T>
    where T : class
{
    internal ParseResult(T? value, ParseError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The parsed value when <see cref="IsSuccess"/> is true.</summary>
    public T? Value { get; }

    /// <summary>The reason parsing failed when <see cref="IsSuccess"/> is false.</summary>
    public ParseError? Error { get; }

    /// <summary>True when the input was valid.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;
}

internal static class ParseResult
{
    public static ParseResult<T> Success<T>(T value)
        where T : class => new(value, null);

    public static ParseResult<T> Failure<T>(int position, string reason)
        where T : class => new(null, new ParseError(position, reason));

    public static ParseResult<T> Failure<T>(ParseError error)
        where T : class => new(null, error);
}
