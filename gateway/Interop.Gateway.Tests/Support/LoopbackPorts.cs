using System.Net;
using System.Net.Sockets;

namespace Interop.Testing;

/// <summary>
/// Ports for servers that tests and benchmarks start on real loopback sockets, when the ports must be known before the
/// start (the sandbox's edges and upstream addresses name the central gateway's port in its configuration).
/// </summary>
/// <remarks>
/// <para>
/// Binding port 0, reading the port and releasing it races: the kernel hands the same port out again, to another test
/// process's listener or to any outgoing connection, before the server binds it. Ports are therefore picked at random
/// below the ephemeral ranges (Linux 32768–60999, Windows 49152–65535), where the kernel never hands out a port on its
/// own, and checked free. Two pickers can still meet on one port, so <see cref="Start{T}"/> tries again with new ports
/// when a start fails with "address already in use".
/// </para>
/// <para>Shared source: linked into every project that starts such servers (see their project files).</para>
/// </remarks>
internal static class LoopbackPorts
{
    private const int First = 20000;
    private const int Last = 32000;
    private const int Attempts = 8;

    /// <summary>Starts something on <paramref name="count"/> loopback ports, with new ports while those were taken.</summary>
    /// <typeparam name="T">What the start gives back.</typeparam>
    /// <param name="count">How many ports the start needs.</param>
    /// <param name="start">Binds the ports; releases whatever it built before throwing.</param>
    /// <returns>What <paramref name="start"/> gave back.</returns>
    public static T Start<T>(int count, Func<int[], T> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return start(Pick(count));
            }
            catch (Exception e) when (attempt < Attempts && IsAddressInUse(e))
            {
                // Another process bound one of them between the check and the start: new ports.
            }
        }
    }

    /// <summary>Whether an exception (or one inside it) says a port was already bound.</summary>
    /// <param name="error">The exception.</param>
    /// <returns>True for "address already in use" from sockets, Kestrel or HttpListener.</returns>
    public static bool IsAddressInUse(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
                || e.GetType().Name == "AddressInUseException"
                || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
                || e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsAddressInUse))
            {
                return true;
            }
        }

        return false;
    }

    private static int[] Pick(int count)
    {
        var ports = new List<int>(count);
        while (ports.Count < count)
        {
            var port = Random.Shared.Next(First, Last);
            if (!ports.Contains(port) && IsFree(port))
            {
                ports.Add(port);
            }
        }

        return [.. ports];
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
