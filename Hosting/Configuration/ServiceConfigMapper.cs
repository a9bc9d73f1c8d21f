using System.Globalization;
using System.Text.Json.Nodes;

namespace EventStreams.Hosting.Configuration;

/// <summary>
/// Maps a service configuration file in the original EventStreams format (seed-style keys such
/// as <c>port</c>, <c>stream_config_uri</c>, <c>kafka.conf</c>) onto this project's
/// configuration keys, which typed options bind. Values of the wrong type fail here, naming
/// the file's key; range checks on the bound values are the options' own job.
/// See docs/configuration.md for the full table.
/// </summary>
public static class ServiceConfigMapper
{
    public const string DefaultInterface = "0.0.0.0";
    public const int DefaultPort = 8888;

    private const int MaxPort = 65535;

    /// <summary>The configuration keys and values that <paramref name="yamlOrJson"/> stands for.</summary>
    /// <param name="baseDirectory">Relative local paths (stream_config_uri) are resolved against it: the file's directory.</param>
    /// <exception cref="InvalidConfigurationException">The document or one of its values is unusable; the message names the key.</exception>
    public static Dictionary<string, string?> Map(string yamlOrJson, string source, string baseDirectory)
    {
        JsonNode? document;
        try
        {
            document = YamlJson.Parse(yamlOrJson);
        }
        catch (FormatException e)
        {
            throw new InvalidConfigurationException($"{source}: {e.Message}", e);
        }
        var root = document switch
        {
            null => [],
            JsonObject o => ServiceRunnerConf(o) ?? o,
            _ => throw new InvalidConfigurationException($"{source}: the top level must be a mapping of keys to values."),
        };
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        new Mapping(source, baseDirectory, result).Apply(root);
        return result;
    }

    /// <summary>
    /// The original's service-runner file nests the service's keys under services[0].conf;
    /// accept that shape too, so an existing config.yaml works unchanged.
    /// </summary>
    private static JsonObject? ServiceRunnerConf(JsonObject root) =>
        root["services"] is JsonArray { Count: > 0 } services && services[0]?["conf"] is JsonObject conf ? conf : null;

    private sealed class Mapping(string source, string baseDirectory, Dictionary<string, string?> result)
    {
        public void Apply(JsonObject root)
        {
            foreach (var (key, value) in root)
            {
                if (value is null)
                {
                    continue; // "key:" with nothing after it means "not set", as in the original.
                }
                switch (key)
                {
                    case "port" or "interface":
                        break; // Combined into Urls below.
                    case "cors": result["Http:Cors"] = Scalar(key, value); break;
                    case "csp": result["Http:Csp"] = Scalar(key, value); break;
                    case "user_agent": result["StreamConfig:UserAgent"] = Text(key, value); break;
                    case "stream_config_uri": result["StreamConfig:Uri"] = LocalPathOrUri(key, value); break;
                    case "stream_config_uri_options": Headers(key, value, "StreamConfig:Headers"); break;
                    case "stream_config_object_path": result["StreamConfig:ObjectPath"] = Text(key, value); break;
                    case "stream_config_defaults": result["StreamConfig:Defaults"] = Tree(key, value); break;
                    case "stream_config_overrides": result["StreamConfig:Overrides"] = Tree(key, value); break;
                    case "stream_config_ttl": result["StreamConfig:TtlSeconds"] = NonNegativeNumber(key, value); break;
                    case "allowed_streams": List(key, value, "StreamConfig:AllowedStreams"); break;
                    case "schema_base_uris": List(key, value, "StreamConfig:SchemaBaseUris"); break;
                    case "schema_latest_version": result["StreamConfig:SchemaLatestVersion"] = Scalar(key, value); break;
                    case "schema_uri_options": Headers(key, value, "StreamConfig:SchemaHeaders"); break;
                    case "kafka": Kafka(value); break;
                    case "client_ip_connection_limit": result["ClientLimits:ConnectionLimitPerIp"] = PositiveInteger(key, value); break;
                    case "mediawiki_redacted_pages": RedactedPages(key, value); break;
                    case "stream_ui_enabled": result["Ui:Enabled"] = Boolean(key, value); break;
                    case var k when k.StartsWith("stream_config_", StringComparison.Ordinal) || k.StartsWith("schema_", StringComparison.Ordinal):
                        // A typo here would silently change which streams are served; refuse it.
                        throw Error(key, "is not a known key (see docs/configuration.md)");
                    default:
                        break; // The original's files carry many keys this service has no use for (spec, logging, num_workers…).
                }
            }
            if (root["port"] is not null || root["interface"] is not null)
            {
                result["Urls"] = Urls(root["port"], root["interface"]);
            }
        }

        private string Urls(JsonNode? portNode, JsonNode? interfaceNode)
        {
            var port = DefaultPort;
            if (portNode is not null && (!int.TryParse(Scalar("port", portNode), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > MaxPort))
            {
                throw Error("port", $"must be a whole number from 0 to {MaxPort} (was '{Shown(portNode)}')");
            }
            var host = interfaceNode is null ? DefaultInterface : Text("interface", interfaceNode);
            if (string.IsNullOrWhiteSpace(host))
            {
                throw Error("interface", "must name an address to listen on, e.g. 0.0.0.0");
            }
            // An IPv6 address needs brackets inside a URL.
            if (host.Contains(':') && !host.StartsWith('['))
            {
                host = $"[{host}]";
            }
            return $"http://{host}:{port}";
        }

        private void Kafka(JsonNode value)
        {
            if (value is not JsonObject kafka)
            {
                throw Error("kafka", "must be a mapping (kafka: { conf: { bootstrap.servers: … } })");
            }
            foreach (var (key, property) in kafka)
            {
                if (key == "conf")
                {
                    if (property is not (JsonObject or null))
                    {
                        throw Error("kafka.conf", "must be a mapping of librdkafka properties");
                    }
                    foreach (var (name, setting) in property as JsonObject ?? [])
                    {
                        KafkaProperty($"kafka.conf.{name}", name, setting);
                    }
                }
                else if (property is JsonValue)
                {
                    // EventStreams 0.8.0 put librdkafka properties directly under kafka.
                    KafkaProperty($"kafka.{key}", key, property);
                }
            }
        }

        private void KafkaProperty(string fileKey, string name, JsonNode? value)
        {
            if (value is null)
            {
                return;
            }
            var text = Scalar(fileKey, value);
            switch (name)
            {
                case "bootstrap.servers" or "metadata.broker.list":
                    result["Kafka:BootstrapServers"] = text;
                    break;
                case "group.id":
                    // Kafka:Conf refuses group.id (nothing is committed); this is where the id goes.
                    result["Kafka:GroupId"] = text;
                    break;
                default:
                    result[$"Kafka:Conf:{name}"] = text;
                    break;
            }
        }

        private void RedactedPages(string key, JsonNode value)
        {
            if (value is not JsonObject domains)
            {
                throw Error(key, "must map each wiki domain to a list of page titles");
            }
            foreach (var (domain, pages) in domains)
            {
                // The original drops null titles; numbers and booleans become their text.
                var titles = pages switch
                {
                    null => [],
                    JsonArray list => list.Where(p => p is not null).Select(p => Scalar($"{key}.{domain}", p!)).ToArray(),
                    _ => throw Error($"{key}.{domain}", "must be a list of page titles"),
                };
                for (var i = 0; i < titles.Length; i++)
                {
                    result[$"Redaction:Pages:{domain}:{i}"] = titles[i];
                }
            }
        }

        private void Headers(string key, JsonNode value, string prefix)
        {
            if (value is not JsonObject options)
            {
                throw Error(key, "must be a mapping, e.g. { headers: { Host: meta.wikimedia.org } }");
            }
            // Only headers carry over; the original's other request options (preq, fs) have no equivalent here.
            switch (options["headers"])
            {
                case null:
                    break;
                case JsonObject headers:
                    foreach (var (name, header) in headers)
                    {
                        if (header is not null)
                        {
                            result[$"{prefix}:{name}"] = Scalar($"{key}.headers.{name}", header);
                        }
                    }
                    break;
                default:
                    throw Error($"{key}.headers", "must be a mapping of header names to values");
            }
        }

        private void List(string key, JsonNode value, string prefix)
        {
            JsonNode?[] items = value switch
            {
                JsonArray array => [.. array],
                JsonValue single => [single], // One value where a list is expected means a list of one.
                _ => throw Error(key, "must be a list"),
            };
            var index = 0;
            foreach (var item in items)
            {
                if (item is not null)
                {
                    result[$"{prefix}:{index++}"] = Scalar(key, item);
                }
            }
        }

        private string LocalPathOrUri(string key, JsonNode value)
        {
            var text = Text(key, value);
            if (string.IsNullOrWhiteSpace(text))
            {
                throw Error(key, "must not be empty");
            }
            var isUri = Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme.Length > 1;
            return isUri || Path.IsPathRooted(text) ? text : Path.GetFullPath(Path.Combine(baseDirectory, text));
        }

        private string Tree(string key, JsonNode value) =>
            value is JsonObject ? value.ToJsonString() : throw Error(key, "must be a mapping of stream names to settings");

        private string NonNegativeNumber(string key, JsonNode value) =>
            double.TryParse(Scalar(key, value), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0 && double.IsFinite(number)
                ? number.ToString(CultureInfo.InvariantCulture)
                : throw Error(key, $"must be a number of seconds, 0 or more (was '{Shown(value)}')");

        private string PositiveInteger(string key, JsonNode value) =>
            int.TryParse(Scalar(key, value), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
                ? number.ToString(CultureInfo.InvariantCulture)
                : throw Error(key, $"must be a whole number of at least 1 (was '{Shown(value)}')");

        private string Boolean(string key, JsonNode value) =>
            bool.TryParse(Scalar(key, value), out var flag)
                ? (flag ? "true" : "false")
                : throw Error(key, $"must be true or false (was '{Shown(value)}')");

        private string Text(string key, JsonNode value) =>
            value is JsonValue v && v.TryGetValue<string>(out var text) ? text : Scalar(key, value);

        private string Scalar(string key, JsonNode value) =>
            YamlJson.ScalarText(value) ?? throw Error(key, "must be a single value, not a list or mapping");

        private static string Shown(JsonNode value) => YamlJson.ScalarText(value) ?? value.ToJsonString();

        private InvalidConfigurationException Error(string key, string problem) => new($"{source}: '{key}' {problem}.");
    }
}
