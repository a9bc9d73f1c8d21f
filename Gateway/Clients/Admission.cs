namespace EventStreams.Gateway.Clients;

/// <summary>
/// The answer of <see cref="ConnectionAdmission"/>: refused with an error to send, or admitted,
/// with the slot's lease when a per-IP limit counts connections (the caller then owns it).
/// </summary>
internal readonly record struct Admission(IResult? Refused, ConnectionLease? Lease)
{
    public static Admission Unlimited { get; } = new(null, null);

    public static Admission Admit(ConnectionLease lease) => new(null, lease);

    public static Admission Refuse(IResult error) => new(error, null);
}
