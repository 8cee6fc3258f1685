namespace Interop.Standards.Loading;

/// <summary>
/// The standards could not be loaded: a file is broken or the artifacts disagree with each other.
/// Thrown at start-up so the process stops before it serves anything; lists every problem found.
/// </summary>
public sealed class StandardsLoadException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="problems">Every problem, at least one.</param>
    public StandardsLoadException(IReadOnlyList<StandardsProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception with a message (for serialization and tooling).</summary>
    /// <param name="message">The message.</param>
    public StandardsLoadException(string message)
        : base(message)
    {
        Problems = [];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StandardsLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    /// <summary>Creates the exception without details.</summary>
    public StandardsLoadException()
    {
        Problems = [];
    }

    /// <summary>Every problem found, with its file.</summary>
    public IReadOnlyList<StandardsProblem> Problems { get; }

    private static string Describe(IReadOnlyList<StandardsProblem> problems) =>
        $"The standards are broken ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):"
        + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems);
}
