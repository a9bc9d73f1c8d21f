using System.Text.Json.Nodes;
using EventStreams.Gateway.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventStreams.Gateway.Tests.Http;

public sealed class ErrorResponseMiddlewareTests
{
    [Fact]
    public async Task InvokeAsync_HandlerThrows_500InServiceShapeWithoutDetails()
    {
        var middleware = new ErrorResponseMiddleware(_ => throw new InvalidOperationException("secret internals"), NullLogger<ErrorResponseMiddleware>.Instance);
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Method = "GET";
        context.Request.Path = "/v2/stream/x";
        context.Response.Body = new MemoryStream();

        await middleware.InvokeAsync(context);

        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Equal(500, context.Response.StatusCode);
        Assert.Equal("""{"status":500,"type":"internal_error","title":"Internal Server Error","detail":"The service could not handle this request.","method":"GET","uri":"/v2/stream/x"}""", text);
        Assert.DoesNotContain("secret", text);
        Assert.NotNull(JsonNode.Parse(text));
    }
}
