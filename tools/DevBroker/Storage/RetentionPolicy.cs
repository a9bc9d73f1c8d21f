namespace EventStreams.DevBroker.Storage;

/// <summary>How much history each partition keeps; whole batches are dropped, oldest first.</summary>
internal sealed record RetentionPolicy(long MaxBytes, TimeSpan MaxAge);
