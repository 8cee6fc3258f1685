using System.Runtime.InteropServices;

namespace Interop.Standards.Loading;

/// <summary>
/// Gives the native memory freed while loading back to the operating system. Loading the standards runs Firely's
/// model, deserializer and FhirPath compiler for the first time: the JIT and the type loader take some 50 MB of native
/// heap for that and free it, but glibc keeps freed memory in the process unless asked (<c>malloc_trim</c>), so a host
/// would carry it for its whole life. Elsewhere (Windows, macOS, musl) there is nothing to do.
/// </summary>
internal static class NativeHeap
{
    public static void ReleaseFreed()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: its allocator has no such call.
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
