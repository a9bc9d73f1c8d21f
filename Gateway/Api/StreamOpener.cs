using EventStreams.Gateway.Clients;
using EventStreams.Gateway.Config;
using EventStreams.Gateway.Hosting;
using EventStreams.Gateway.Http;
using EventStreams.Gateway.Streaming;
using EventStreams.Grains.Interfaces.History;
using EventStreams.Grains.Interfaces.Kafka;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Api;

/// <summary>
/// Opens a stream: the cluster check, admission, request validation (in the original's order),
/// the partition plan, the feeds and the start of each partition. What it acquires is handed to
/// one <see cref="OpenedStream"/>; whatever fails on the way releases what was acquired before
/// answering the error.
/// </summary>
internal sealed class StreamOpener(
    ClusterConnection cluster,
    ConnectionAdmission admission,
    StreamCatalogCache catalogCache,
    IGrainFactory grains,
    PartitionFeedRegistry feeds,
    StartResolver startResolver,
    IHistorySource history,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<StreamOpener> logger)
{
    /// <summary>The stream's response (<see cref="StreamSession"/>), or the error to answer.</summary>
    public async Task<(OpenedStream? Stream, IResult? Error)> OpenAsync(HttpContext context, string streams)
    {
        if (!cluster.IsConnected)
        {
            return (null, StreamErrors.ClusterUnavailable(context));
        }
        var admitted = await admission.AdmitAsync(context);
        if (admitted.Refused is { } refused)
        {
            return (null, refused);
        }
        using var lease = new LeaseHolder(admitted.Lease);
        // A client that gives up while its stream opens stops the wait (a grain call to a silo that
        // just died is answered only after Orleans' timeout), so its slot is given back at once.
        var aborted = context.RequestAborted;
        var names = streams.Split(',');
        if (!StreamRequest.TryRead(context, names, await catalogCache.GetAsync(names).AsTask().WaitAsync(aborted), out var request, out var invalid))
        {
            return (null, invalid);
        }
        PlannedPartition[] plan;
        try
        {
            (plan, var planRefused) = await AssignmentPlanner.PlanAsync(
                request.Streams, request.LastEventId, request.Since, grains.GetGrain<ITopicMetadataGrain>(0).GetPartitions).WaitAsync(aborted);
            if (planRefused is not null)
            {
                return (null, planRefused);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not read Kafka metadata for a stream of {Streams}", streams);
            return (null, StreamErrors.KafkaUnavailable(context));
        }

        var acquiring = plan.Select(p => feeds.AcquireAsync(p.Topic, p.Partition)).ToArray();
        FeedFilterLease?[] filtersHeld = [];
        try
        {
            var acquired = await Task.WhenAll(acquiring).WaitAsync(aborted);
            FeedFilterLease?[] filters = [.. acquired.Select(feed => request.Filter is { } f ? feed.AcquireFilter(f) : null)];
            filtersHeld = filters;
            var starts = await Task.WhenAll(plan.Select((p, i) => p.Start is { } start
                ? startResolver.ResolveAsync(acquired[i], start)
                : Task.FromResult(new ResolvedStart(-1)))).WaitAsync(aborted);
            var partitions = plan.Select((p, i) => new ConnectionPartition(acquired[i], p.InitialId switch
            {
                InitialIdKind.Echo => p.EchoJson!,
                InitialIdKind.Resolved => IdEntries.Resolved(p.Topic, p.Partition, starts[i].Offset),
                _ => null, // live: the feed's position when the connection joins it
            }, p.Start is null ? null : starts[i].Offset, filters[i])).ToArray();
            var resume = new ResumeReport(plan.Any(p => p.Start is not null),
                [.. plan.Select((p, i) => starts[i].Inexact is { } why ? $"{p.Topic}/{p.Partition}={why}" : null).OfType<string>()]);

            var accept = context.Request.Headers.Accept;
            var (format, contentType) = StreamFormats.Negotiate(accept.Count > 0 ? accept.ToString() : null);
            var connection = new StreamConnection(partitions, format, options.Value.FlushThresholdBytes, history, time) { Notice = resume.Comment };
            return (new OpenedStream(connection, contentType, names, resume, acquired, filters, lease.Take(), feeds), null);
        }
        catch (Exception e)
        {
            // Filters are taken only once every feed is here, so their feeds are all complete.
            for (var i = 0; i < filtersHeld.Length; i++)
            {
                if (filtersHeld[i] is { } held)
                {
                    acquiring[i].Result.ReleaseFilter(held);
                }
            }
            // Every feed acquired is given back, now or, if the client left first, when it arrives.
            foreach (var feed in acquiring)
            {
                _ = feed.ContinueWith(t => feeds.Release(t.Result), CancellationToken.None,
                    TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            if (e is OperationCanceledException)
            {
                throw;
            }
            logger.LogError(e, "Could not start a stream of {Streams}", streams);
            return (null, StreamErrors.KafkaUnavailable(context));
        }
    }

    /// <summary>Holds the admission's lease until the stream takes it; released if it never does.</summary>
    private sealed class LeaseHolder(ConnectionLease? lease) : IDisposable
    {
        private ConnectionLease? _lease = lease;

        public ConnectionLease? Take() => Interlocked.Exchange(ref _lease, null);

        public void Dispose() => Take()?.Dispose();
    }
}
