namespace Interop.Conformance.Checks;

/// <summary>One thing wrong with an output: where, and what.</summary>
/// <param name="Path">The offending path.</param>
/// <param name="Message">What is wrong.</param>
internal sealed record Problem(string Path, string Message);
