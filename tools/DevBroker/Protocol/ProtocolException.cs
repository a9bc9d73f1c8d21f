namespace EventStreams.DevBroker.Protocol;

/// <summary>
/// Thrown when a request cannot be decoded. The connection that sent it is closed,
/// because after a framing error we can no longer trust where the next request starts.
/// </summary>
internal sealed class ProtocolException(string message) : Exception(message);
