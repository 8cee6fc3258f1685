namespace Interop.Standards.Loading;

/// <summary>One thing wrong with the standards: the file (relative to the standards root) and why.</summary>
/// <param name="File">The file, relative to the standards root, with forward slashes.</param>
/// <param name="Reason">What is wrong, naming the element or code.</param>
public sealed record StandardsProblem(string File, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}: {Reason}";
}
