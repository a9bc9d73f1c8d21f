using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EventStreams.Bench.Load;

/// <summary>
/// One SSE connection on a raw socket: sends the GET, then de-chunks and scans the stream for
/// `data:` lines, reading only the fields the producer put first ({"ts":…,"seq":…,"p":…}).
/// The load client must cost far less than the server it measures, so there is no HTTP client,
/// no per-event allocation and no full JSON parse.
/// </summary>
public sealed class SseSocketClient(IPEndPoint server, IPAddress source, string path, LoadStats stats, int bufferSize)
{
    private static readonly byte[] DataPrefix = "data: {\"ts\":"u8.ToArray();
    private readonly byte[] _buffer = new byte[bufferSize];
    private readonly byte[] _line = new byte[64 * 1024];
    private int _lineLength;
    private long[] _nextSeq = [];
    private Socket? _socket;
    private ChunkState _chunk = ChunkState.Headers;
    private long _chunkRemaining;
    private uint _lastFour;
    private long _now;
    private long _startTicks;

    public bool GotPreamble { get; private set; }

    public bool GotEvent { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _startTicks = Environment.TickCount64;
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket = socket;
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(server, cancellationToken);
            var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {server}\r\nAccept: text/event-stream\r\nX-Client-IP: {source}\r\n\r\n");
            await socket.SendAsync(request, SocketFlags.None, cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                var n = await socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, cancellationToken);
                if (n == 0)
                {
                    stats.ServerClosed();
                    return;
                }
                Process(_buffer.AsSpan(0, n));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException e)
        {
            stats.Failed(e.SocketErrorCode.ToString());
        }
        finally
        {
            socket.Dispose();
        }
    }

    public void Close() => _socket?.Dispose();

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
                    // Skip the status line and headers: everything up to the first \r\n\r\n.
                    var consumed = 0;
                    foreach (var b in bytes)
                    {
                        consumed++;
                        _lastFour = (_lastFour << 8) | b;
                        if (_lastFour == 0x0D0A0D0A)
                        {
                            _chunk = ChunkState.Size;
                            _chunkRemaining = 0;
                            break;
                        }
                    }
                    bytes = bytes[consumed..];
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
            stats.Duplicate();
        }
        else
        {
            if (expected >= 0 && seq > expected)
            {
                stats.Lost(seq - expected);
            }
            _nextSeq[partition] = seq + 1;
        }
        stats.Delivered(_now - ts, line.Length);
    }

    /// <summary>The last sequence number seen per partition (-1: none), to count losses at the end.</summary>
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
