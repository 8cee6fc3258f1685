namespace Interop.Conformance.Fixtures;

/// <summary>Whether a case is a golden (valid input with reviewed output) or a negative (bad input with the expected errors).</summary>
public enum CaseKind
{
    /// <summary>A folder under <c>golden/</c>.</summary>
    Golden,

    /// <summary>A folder under <c>negative/</c>.</summary>
    Negative,
}

/// <summary>One case folder of a fixture set.</summary>
/// <param name="Kind">Golden or negative.</param>
/// <param name="Name">The folder name.</param>
/// <param name="Folder">The folder's full path.</param>
public sealed record FixtureCase(CaseKind Kind, string Name, string Folder)
{
    /// <summary>The case as reports name it: <c>golden/visit-opd-final</c>.</summary>
    public string Id => (Kind == CaseKind.Golden ? "golden/" : "negative/") + Name;

    /// <summary>The request body file: the one file named <c>request.*</c>.</summary>
    public string RequestFile => SingleFile("request") ?? throw new FixtureException($"{Id}: no request.* file.");

    /// <summary>The expected legacy response file (<c>expected.response.*</c>), when there is one.</summary>
    public string? ExpectedResponseFile => SingleFile("expected.response");

    /// <summary>A file of the case by name, or <see langword="null"/> when it does not exist.</summary>
    /// <param name="name">The file name (<c>answers.json</c>).</param>
    /// <returns>The full path, or <see langword="null"/>.</returns>
    public string? File(string name)
    {
        var path = System.IO.Path.Combine(Folder, name);
        return System.IO.File.Exists(path) ? path : null;
    }

    private string? SingleFile(string stem)
    {
        var files = Directory.GetFiles(Folder, stem + ".*")
            .Where(f => System.IO.Path.GetFileNameWithoutExtension(f) == stem)
            .ToList();
        return files.Count switch
        {
            0 => null,
            1 => files[0],
            _ => throw new FixtureException($"{Id}: several {stem}.* files; keep one."),
        };
    }
}
