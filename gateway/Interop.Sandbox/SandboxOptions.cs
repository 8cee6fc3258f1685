namespace Interop.Sandbox;

/// <summary>The sandbox upstreams: off unless configured (the gateway's default settings switch them on).</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>Whether the gateway hosts the sandbox NSSF and PCA endpoints. Default: false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The seeded enrolment and facilities. Default: the sample file shipped with the sandbox.</summary>
    public string EnrolmentFile { get; set; } = Path.Combine(AppContext.BaseDirectory, "sandbox", "enrolment.json");

    /// <summary>How long after submission a claim is assessed (certified). Default 30 seconds.</summary>
    public TimeSpan AssessAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after submission an assessed claim is paid. Default 2 minutes.</summary>
    public TimeSpan PayAfter { get; set; } = TimeSpan.FromMinutes(2);
}
