using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EventStreams.Bench.Load;

/// <summary>
/// One SSE client on a raw socket: sends the GET, then de-chunks and scans the stream for
/// `data:` lines, reading only the fields the producer put first ({"ts":…,"seq":…,"p":…}).
/// The load client must cost far less than the server it measures, so there is no HTTP client,
/// no per-event allocation and no full JSON parse.
/// With <c>reconnect</c> it behaves like EventSource: when its stream breaks (EOF, reset, or an
/// answer other than 200) it connects to the next of <paramref name="servers"/> with its
/// Last-Event-ID, and its per-partition sequence checks carry on across the new connection.
/// With a <paramref name="churn"/> schedule (which needs <c>reconnect</c>) it also leaves of its
/// own accord: it closes each connection after a random stay, waits a random absence, and comes
/// back to the same server with its Last-Event-ID. A leave is not a broken stream.
/// With a <paramref name="bucket"/> (F1, a stream filtered on <c>b</c>), every event must carry that
/// bucket (one that does not counts as wrong-filter), and the order check uses the sequence per
/// partition and bucket (<c>"bs"</c>) instead of the partition's.
/// </summary>
public sealed class SseSocketClient(IPEndPoint[] servers, IPAddress source, string path, LoadStats stats, int bufferSize, bool reconnect = false,
    ChurnSchedule? churn = null, int bucket = SseSocketClient.Unfiltered)
{
    /// <summary>The bucket of a client that is not filtered: it checks every event's partition sequence.</summary>
    public const int Unfiltered = -1;

    // Browsers' EventSource waits a few seconds; the cluster tests' client waits 200 ms. Short, so
    // the time to resume measures the service rather than the client's back-off.
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(200);
    private const int HttpOk = 200;
    // "HTTP/1.1 200 OK": the status code is bytes 9 to 11 of the response.
    private const int StatusStart = 9, StatusEnd = 12;

    private static readonly byte[] DataPrefix = "data: {\"ts\":"u8.ToArray();
    private static readonly byte[] IdPrefix = "id: "u8.ToArray();
    private readonly byte[] _buffer = new byte[bufferSize];
    private readonly byte[] _line = new byte[64 * 1024];
    private readonly LastEventIdTracker _lastEventId = new();
    private int _lineLength;
    private long[] _nextSeq = [];
    private Socket? _socket;
    private ChunkState _chunk = ChunkState.Headers;
    private long _chunkRemaining;
    private uint _lastFour;
    private int _headBytes, _status;
    private bool _headDone;
    private long _now;
    private long _startTicks;
    private long _disconnectedAt = -1;
    private int _server;
    private readonly Lock _churnLock = new();
    private CancellationTokenSource? _stay;
    private bool _churnStopped;
    private readonly ChurnSchedule? _churn = churn is null || reconnect
        ? churn
        : throw new ArgumentException("A churning client must reconnect: it comes back with its Last-Event-ID.", nameof(churn));

    public bool GotPreamble { get; private set; }

    public bool GotEvent { get; private set; }

    /// <summary>A response (200) is being read now.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>Streams (200 responses) this client has had.</summary>
    public int Connections { get; private set; }

    /// <summary>Streams that broke after they had opened.</summary>
    public int Disconnects { get; private set; }

    /// <summary>The status of a response other than 200 (the connection is then given up), or 0.</summary>
    public int RejectedStatus { get; private set; }

    /// <summary>Connections the client closed itself, on its churn schedule.</summary>
    public int Leaves { get; private set; }

    /// <summary>The bucket this client's filter keeps, or <see cref="Unfiltered"/>.</summary>
    public int Bucket => bucket;

    /// <summary>Events this client missed in its sequence (gaps), over its whole life.</summary>
    public long Lost { get; private set; }

    /// <summary>Events this client received again (behind its sequence), over its whole life.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Events of another bucket than its filter's (a filtered client only), over its whole life.</summary>
    public long WrongFilter { get; private set; }

    /// <summary>The Last-Event-ID this client would send now (reconnecting clients only).</summary>
    public string? LastEventId => _lastEventId.Value;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _startTicks = Environment.TickCount64;
        while (!cancellationToken.IsCancellationRequested)
        {
            var left = await ReadOneConnectionAsync(servers[_server], cancellationToken);
            if (!reconnect || cancellationToken.IsCancellationRequested)
            {
                return;
            }
            TimeSpan wait;
            if (left)
            {
                // It left on its schedule: back to the same server after its absence.
                Leaves++;
                stats.Left();
                wait = _churn!.NextAway();
            }
            else
            {
                // EventSource's reconnect: the next server, with the last id seen.
                _server = (_server + 1) % servers.Length;
                wait = ReconnectDelay;
            }
            try
            {
                await Task.Delay(wait, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Reads one response until it ends, breaks or is cancelled; true when the client left on its churn schedule.</summary>
    private async Task<bool> ReadOneConnectionAsync(IPEndPoint server, CancellationToken stopToken)
    {
        using var stay = _churn is null ? null : CancellationTokenSource.CreateLinkedTokenSource(stopToken);
        if (stay is not null)
        {
            lock (_churnLock)
            {
                _stay = stay;
                if (!_churnStopped)
                {
                    stay.CancelAfter(_churn!.NextStay());
                }
            }
        }
        var cancellationToken = stay?.Token ?? stopToken;
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket = socket;
        StartResponse();
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(server, cancellationToken);
            await socket.SendAsync(Request(server), SocketFlags.None, cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                var n = await socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, cancellationToken);
                if (n == 0)
                {
                    stats.ServerClosed();
                    return false;
                }
                Process(_buffer.AsSpan(0, n));
                if (RejectedStatus != 0)
                {
                    stats.Failed($"HTTP {RejectedStatus}");
                    return false;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException e)
        {
            stats.Failed(e.SocketErrorCode.ToString());
        }
        catch (ObjectDisposedException)
        {
            // closed by Close()
        }
        finally
        {
            socket.Dispose();
            EndResponse(cancellationToken.IsCancellationRequested);
        }
        return stay is { IsCancellationRequested: true } && !stopToken.IsCancellationRequested;
    }

    private byte[] Request(IPEndPoint server)
    {
        var resume = reconnect && _lastEventId.Value is { } id ? $"Last-Event-ID: {id}\r\n" : "";
        return Encoding.UTF8.GetBytes($"GET {path} HTTP/1.1\r\nHost: {server}\r\nAccept: text/event-stream\r\nX-Client-IP: {source}\r\n{resume}\r\n");
    }

    /// <summary>A new response begins: the parser starts over (internal so tests can feed several).</summary>
    internal void StartResponse()
    {
        _chunk = ChunkState.Headers;
        _chunkRemaining = 0;
        _lastFour = 0;
        _lineLength = 0;
        _headBytes = 0;
        _status = 0;
        _headDone = false;
        RejectedStatus = 0;
        _lastEventId.DropPending();
    }

    /// <summary>The response ended; an open stream that ends without being cancelled broke.</summary>
    internal void EndResponse(bool cancelled)
    {
        if (IsOpen && !cancelled)
        {
            Disconnects++;
            stats.Disconnected();
            if (_disconnectedAt < 0)
            {
                _disconnectedAt = Environment.TickCount64;
            }
        }
        IsOpen = false;
    }

    public void Close() => _socket?.Dispose();

    /// <summary>
    /// Stops leaving: the current connection is kept (its leave is called off) and a client that
    /// is away comes back and stays, so that at the end every client can catch up and be checked.
    /// </summary>
    public void StopChurning()
    {
        lock (_churnLock)
        {
            _churnStopped = true;
            try
            {
                _stay?.CancelAfter(Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // That connection has ended; the next one will not be scheduled to leave.
            }
        }
    }

    /// <summary>Feeds received bytes through the parser (internal so tests can split them anywhere).</summary>
    internal void Process(ReadOnlySpan<byte> bytes)
    {
        // One clock read per receive: every event in it arrived at the same moment.
        _now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        while (!bytes.IsEmpty)
        {
            switch (_chunk)
            {
                case ChunkState.Headers:
                    // The status line and headers (or a last chunk's trailers): everything up to \r\n\r\n.
                    var consumed = 0;
                    foreach (var b in bytes)
                    {
                        consumed++;
                        if (!_headDone && _headBytes++ is >= StatusStart and < StatusEnd)
                        {
                            _status = _status * 10 + (b - '0');
                        }
                        _lastFour = (_lastFour << 8) | b;
                        if (_lastFour == 0x0D0A0D0A)
                        {
                            _chunk = ChunkState.Size;
                            _chunkRemaining = 0;
                            break;
                        }
                    }
                    bytes = bytes[consumed..];
                    if (_chunk == ChunkState.Size && !_headDone && !OnHead())
                    {
                        return;
                    }
                    break;
                case ChunkState.Size:
                    var b0 = bytes[0];
                    bytes = bytes[1..];
                    if (b0 == '\n')
                    {
                        _chunk = _chunkRemaining == 0 ? ChunkState.Headers : ChunkState.Data;
                    }
                    else if (b0 != '\r')
                    {
                        _chunkRemaining = (_chunkRemaining << 4) + HexValue(b0);
                    }
                    break;
                case ChunkState.Data:
                    var take = (int)Math.Min(_chunkRemaining, bytes.Length);
                    Scan(bytes[..take]);
                    bytes = bytes[take..];
                    _chunkRemaining -= take;
                    if (_chunkRemaining == 0)
                    {
                        _chunk = ChunkState.DataEnd;
                    }
                    break;
                case ChunkState.DataEnd:
                    if (bytes[0] == '\n')
                    {
                        _chunk = ChunkState.Size;
                    }
                    bytes = bytes[1..];
                    break;
            }
        }
    }

    /// <summary>The response head is complete: false (and nothing more is read) unless it is 200.</summary>
    private bool OnHead()
    {
        _headDone = true;
        if (_status != HttpOk)
        {
            RejectedStatus = _status;
            return false;
        }
        IsOpen = true;
        if (Connections++ > 0)
        {
            stats.Reconnected();
        }
        if (_disconnectedAt >= 0)
        {
            stats.Reopened(Environment.TickCount64 - _disconnectedAt);
        }
        return true;
    }

    private void Scan(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                Append(data);
                return;
            }
            if (_lineLength > 0)
            {
                Append(data[..newline]);
                OnLine(_line.AsSpan(0, _lineLength));
                _lineLength = 0;
            }
            else
            {
                OnLine(data[..newline]);
            }
            data = data[(newline + 1)..];
        }
    }

    private void Append(ReadOnlySpan<byte> part)
    {
        var room = Math.Min(part.Length, _line.Length - _lineLength);
        part[..room].CopyTo(_line.AsSpan(_lineLength));
        _lineLength += room;
    }

    private void OnLine(ReadOnlySpan<byte> line)
    {
        if (!GotPreamble && line.SequenceEqual(":ok"u8))
        {
            GotPreamble = true;
            stats.Preamble(Environment.TickCount64 - _startTicks);
            return;
        }
        if (reconnect && line.StartsWith(IdPrefix))
        {
            _lastEventId.Pending(line[IdPrefix.Length..]);
            return;
        }
        if (!line.StartsWith(DataPrefix))
        {
            return;
        }
        var rest = line[DataPrefix.Length..];
        var ts = ReadNumber(ref rest);
        rest = rest[(rest.IndexOf((byte)':') + 1)..];
        var seq = ReadNumber(ref rest);
        rest = rest[(rest.IndexOf((byte)':') + 1)..];
        var partition = (int)ReadNumber(ref rest);
        if (bucket != Unfiltered)
        {
            rest = rest[(rest.IndexOf((byte)':') + 1)..];
            var eventBucket = ReadNumber(ref rest);
            rest = rest[(rest.IndexOf((byte)':') + 1)..];
            seq = ReadNumber(ref rest);
            if (eventBucket != bucket)
            {
                // Not this client's share: counted, and kept out of its sequence.
                WrongFilter++;
                stats.WrongFilter();
                stats.Delivered(_now - ts, line.Length);
                return;
            }
        }
        if (!GotEvent)
        {
            GotEvent = true;
            stats.FirstEvent(Environment.TickCount64 - _startTicks);
        }
        if (partition >= _nextSeq.Length)
        {
            var grown = new long[partition + 1];
            Array.Fill(grown, -1);
            _nextSeq.CopyTo(grown, 0);
            _nextSeq = grown;
        }
        var expected = _nextSeq[partition];
        if (expected >= 0 && seq < expected)
        {
            Duplicates++;
            stats.Duplicate();
        }
        else
        {
            if (expected >= 0 && seq > expected)
            {
                Lost += seq - expected;
                stats.Lost(seq - expected);
            }
            _nextSeq[partition] = seq + 1;
        }
        if (reconnect)
        {
            _lastEventId.Commit();
        }
        if (_disconnectedAt >= 0)
        {
            stats.Resumed(Environment.TickCount64 - _disconnectedAt);
            _disconnectedAt = -1;
        }
        stats.Seen(partition, ts, _now);
        stats.Delivered(_now - ts, line.Length);
    }

    /// <summary>The next sequence number expected per partition (-1: none seen yet; a filtered client's per bucket), to count losses at the end.</summary>
    public long[] NextSequences => _nextSeq;

    private static long ReadNumber(ref ReadOnlySpan<byte> s)
    {
        long value = 0;
        var i = 0;
        while (i < s.Length && s[i] >= '0' && s[i] <= '9')
        {
            value = value * 10 + (s[i] - '0');
            i++;
        }
        s = s[i..];
        return value;
    }

    private static long HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => 0,
    };

    private enum ChunkState
    {
        Headers,
        Size,
        Data,
        DataEnd,
    }
}
