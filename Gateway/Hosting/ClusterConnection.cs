namespace EventStreams.Gateway.Hosting;

/// <summary>
/// Whether this gateway node can reach the cluster. A gateway inside a silo always can; a
/// standalone gateway (an Orleans client) cannot until it has connected to a silo, nor after it
/// lost every silo, until one is back. While it cannot, /readyz answers 503 and new streams get
/// 503 <c>cluster_unavailable</c>. When the connection comes back, <see cref="Recovered"/> fires
/// and the node resubscribes its feeds and renews its connection slots at once.
/// </summary>
public sealed class ClusterConnection : IClusterConnectionStatusObserver
{
    private volatile bool _connected;
    private volatile bool _lost;

    private ClusterConnection(bool connected) => _connected = connected;

    /// <summary>For a gateway inside a silo: the cluster is this process.</summary>
    public static ClusterConnection InProcess() => new(connected: true);

    /// <summary>For a standalone gateway: not connected until Orleans reports a gateway silo.</summary>
    public static ClusterConnection Remote() => new(connected: false);

    public bool IsConnected => _connected;

    /// <summary>True once the node has been connected at least once (a lost connection is then worth probing for).</summary>
    public bool WasEverConnected { get; private set; }

    /// <summary>Raised (on an Orleans thread; handlers must not block) when the connection comes back after it was lost.</summary>
    public event Action? Recovered;

    /// <summary>Raised when the last silo connection is lost.</summary>
    public event Action? Lost;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        _connected = currentNumberOfGateways > 0;
        WasEverConnected |= _connected;
        if (_connected && _lost)
        {
            _lost = false;
            Recovered?.Invoke();
        }
    }

    public void NotifyClusterConnectionLost()
    {
        _connected = false;
        _lost = true;
        Lost?.Invoke();
    }
}
