namespace Interop.Conformance.Fixtures;

/// <summary>A fixture folder or file the kit cannot use; reported as an error of the case, never as an adapter defect.</summary>
public sealed class FixtureException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FixtureException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file.</param>
    public FixtureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file.</param>
    /// <param name="innerException">The cause.</param>
    public FixtureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
