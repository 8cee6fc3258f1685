using System.Net;
using System.Net.Sockets;
using Interop.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Task = System.Threading.Tasks.Task;

namespace Interop.Gateway.Tests.Support;

/// <summary>The port helper every real-socket test starts its servers with: a port taken meanwhile means new ports, not a failed test.</summary>
public sealed class LoopbackPortsTests
{
    [Fact]
    public async Task KestrelOnAPortAlreadyBound_FailsWithAnErrorTheHelperRecognizes()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, taken));
        await using var app = builder.Build();

        var error = await Record.ExceptionAsync(() => app.StartAsync());

        Assert.NotNull(error);
        Assert.True(LoopbackPorts.IsAddressInUse(error), error.ToString());
    }

    [Fact]
    public void Start_WhenAPortWasTakenBetweenPickAndBind_TriesAgainWithNewPorts()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        var attempts = new List<int[]>();

        using var server = LoopbackPorts.Start(2, ports =>
        {
            attempts.Add(ports);
            var listener = new TcpListener(IPAddress.Loopback, attempts.Count == 1 ? taken : ports[0]); // the first attempt loses the race
            listener.Start();
            return listener;
        });

        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, ports => Assert.Equal(2, ports.Distinct().Count()));
        Assert.All(attempts.SelectMany(p => p), port => Assert.InRange(port, 1024, 32767)); // below the kernel's ephemeral range
        Assert.Equal(attempts[1][0], ((IPEndPoint)server.LocalEndpoint).Port);
    }

    [Fact]
    public void Start_OtherFailures_AreNotRetried()
    {
        var attempts = 0;

        var error = Assert.Throws<InvalidOperationException>(() => LoopbackPorts.Start<int>(1, _ =>
        {
            attempts++;
            throw new InvalidOperationException("the configuration is wrong");
        }));

        Assert.Equal(1, attempts);
        Assert.Equal("the configuration is wrong", error.Message);
    }
}
