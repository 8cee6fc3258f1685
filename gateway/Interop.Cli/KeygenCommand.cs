using System.CommandLine;
using System.Text.RegularExpressions;
using Interop.Signatures.Trust;

namespace Interop.Cli;

/// <summary><c>keygen</c>: a P-256 key pair as a public JWKS (for the trust store) and a private JWK (mode 600).</summary>
internal static partial class KeygenCommand
{
    public static Command Create(TextWriter output)
    {
        var member = new Option<string>("--member") { Description = "The member id, e.g. KH/GOV/MOH/PMRS-120101", Required = true };
        var kid = new Option<string>("--kid") { Description = "The key id, e.g. pmrs-120101-2026-01 (letters, digits, '.', '_', '-')", Required = true };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "The folder to write <kid>.jwks.json and <kid>.private.jwk.json to", Required = true };
        var notBefore = new Option<DateTimeOffset?>("--not-before") { Description = "Validity start (nbf), e.g. 2026-03-01T00:00:00Z" };
        var notAfter = new Option<DateTimeOffset?>("--not-after") { Description = "Validity end (exp), e.g. 2027-03-01T00:00:00Z" };
        var command = new Command("keygen", "Generate a member key pair (ecdsa-p256-sha256)") { member, kid, outDir, notBefore, notAfter };
        command.SetAction(parsed => Run(
            output,
            parsed.GetRequiredValue(member),
            parsed.GetRequiredValue(kid),
            parsed.GetRequiredValue(outDir),
            parsed.GetValue(notBefore),
            parsed.GetValue(notAfter)));
        return command;
    }

    private static int Run(TextWriter output, string member, string kid, DirectoryInfo outDir, DateTimeOffset? notBefore, DateTimeOffset? notAfter)
    {
        if (!SafeKeyId().IsMatch(kid))
        {
            throw new CliException($"--kid '{kid}' may hold only letters, digits, '.', '_' and '-'");
        }

        var pair = JwksWriter.GenerateP256(kid, notBefore, notAfter);
        outDir.Create();
        var publicPath = Path.Combine(outDir.FullName, kid + ".jwks.json");
        var privatePath = Path.Combine(outDir.FullName, kid + ".private.jwk.json");
        if (File.Exists(privatePath))
        {
            throw new CliException($"{privatePath} exists: refusing to overwrite a private key");
        }

        File.WriteAllText(publicPath, pair.PublicJwks);
        WritePrivate(privatePath, pair.PrivateJwk);

        output.WriteLine($"public JWKS:  {publicPath}");
        output.WriteLine($"private JWK:  {privatePath} (mode 600; keep it out of the repository)");
        output.WriteLine();
        output.WriteLine("Trust store entry (appsettings.json):");
        output.WriteLine($$"""
            "Trust": { "Members": { "{{member}}": { "JwksFile": "{{Path.GetFileName(publicPath)}}", "Routes": [ "*" ] } } }
            """);
        output.WriteLine("Signing key of the member's edge:");
        output.WriteLine($$"""
            "SigningKey": { "KeyFile": "{{privatePath}}", "KeyId": "{{kid}}" }
            """);
        return InteropCli.Ok;
    }

    private static void WritePrivate(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, new System.Text.UTF8Encoding(false), options);
        writer.Write(content);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SafeKeyId();
}
