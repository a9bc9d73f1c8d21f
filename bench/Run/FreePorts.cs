using System.Net;
using System.Net.Sockets;

namespace EventStreams.Bench.Run;

/// <summary>Ports nobody listens on now: the machine may run other services on the well-known ones.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
