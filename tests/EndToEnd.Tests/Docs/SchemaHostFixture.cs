namespace EventStreams.EndToEnd.Tests.Docs;

/// <summary>The real host with streams that have JSON schemas (one of them with an alias), for the OpenAPI document.</summary>
public sealed class SchemaHostFixture : SiloHostFixture
{
    public const string Topic = "docs.pages";

    private readonly string _schemaPath = Path.Combine(Path.GetTempPath(), $"page-create-{Guid.NewGuid():N}.json");

    /// <summary>A JSON Schema shaped like Wikimedia's event schemas (draft-07, $id, examples, nullable types).</summary>
    public const string Schema = """
        {
          "$schema": "https://json-schema.org/draft-07/schema#",
          "$id": "/mediawiki/page/create/1.0.0",
          "title": "mediawiki/page/create",
          "description": "Represents a MW Page Create event.",
          "type": "object",
          "required": ["$schema", "meta", "page_title"],
          "additionalProperties": true,
          "properties": {
            "$schema": { "type": "string", "description": "A URI identifying the JSONSchema for this event." },
            "meta": {
              "type": "object",
              "required": ["dt", "stream"],
              "properties": {
                "dt": { "type": "string", "format": "date-time", "maxLength": 128 },
                "stream": { "type": "string", "minLength": 1 },
                "domain": { "type": "string", "minLength": 1 }
              }
            },
            "page_id": { "type": "integer", "minimum": 1, "maximum": 9007199254740991 },
            "page_title": { "type": "string" },
            "page_is_redirect": { "type": "boolean" },
            "comment": { "type": ["string", "null"] },
            "tags": { "type": "array", "items": { "type": "string" } }
          },
          "examples": [
            { "$schema": "/mediawiki/page/create/1.0.0", "meta": { "dt": "2024-01-01T00:00:00Z", "stream": "page-create" }, "page_title": "Main_Page", "page_id": 1 }
          ]
        }
        """;

    protected override IEnumerable<(string Topic, int Partitions)> Topics => [(Topic, 1)];

    protected override string StreamConfig => $"""
        page-create:
          topics: [{Topic}]
          stream_aliases: [mediawiki.page-create]
          description: Pages that were created.
          schema_title: mediawiki/page/create
          $schema: file://{_schemaPath}
        no-schema:
          topics: [{Topic}]
        """;

    protected override Task SeedAsync() => File.WriteAllTextAsync(_schemaPath, Schema);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_schemaPath);
    }
}
