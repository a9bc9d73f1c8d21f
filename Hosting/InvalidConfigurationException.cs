namespace EventStreams.Hosting;

/// <summary>
/// A configuration value or document that cannot be used. The message names the key (or the
/// document) and is meant to be shown as it is: hosts print it instead of a stack trace.
/// </summary>
public sealed class InvalidConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
