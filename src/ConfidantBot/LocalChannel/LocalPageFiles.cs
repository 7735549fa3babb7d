using Microsoft.Extensions.Options;

namespace ConfidantBot.LocalChannel;

/// <summary>
/// Serves the chat page and the confidant page from <c>wwwroot</c> and Web Chat's browser bundles straight from the npm
/// folder (resolved against the content root, so <c>dotnet run</c> and WebApplicationFactory tests
/// both find them). Only mapped in local mode.
/// </summary>
internal static class LocalPageFiles
{
    private const string JavaScript = "text/javascript; charset=utf-8";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", (IWebHostEnvironment environment, HttpContext context) => FromWebRoot(environment, context, "index.html", "text/html; charset=utf-8"));
        routes.MapGet("/chat.js", (IWebHostEnvironment environment, HttpContext context) => FromWebRoot(environment, context, "chat.js", JavaScript));
        routes.MapGet("/chat.css", (IWebHostEnvironment environment, HttpContext context) => FromWebRoot(environment, context, "chat.css", "text/css; charset=utf-8"));
        routes.MapGet("/confidant", (IWebHostEnvironment environment, HttpContext context) => FromWebRoot(environment, context, "confidant.html", "text/html; charset=utf-8"));
        routes.MapGet("/confidant.js", (IWebHostEnvironment environment, HttpContext context) => FromWebRoot(environment, context, "confidant.js", JavaScript));
        routes.MapGet("/favicon.svg", (IWebHostEnvironment environment, HttpContext context) => FromWebRoot(environment, context, "favicon.svg", "image/svg+xml"));
        routes.MapGet("/lib/webchat.js", (IWebHostEnvironment environment, IOptions<LocalChannelOptions> options, HttpContext context)
            => FromClientLibraries(environment, options.Value, context, Path.Combine("botframework-webchat", "dist", "webchat.js")));

        // The Adaptive Cards package Web Chat itself depends on, so the page can hand Web Chat a copy
        // with Action.Execute unregistered (Web Chat cannot send Universal Actions; see chat.js).
        routes.MapGet("/lib/adaptivecards.js", (IWebHostEnvironment environment, IOptions<LocalChannelOptions> options, HttpContext context)
            => FromClientLibraries(environment, options.Value, context,
                Path.Combine("botframework-webchat", "node_modules", "adaptivecards", "dist", "adaptivecards.min.js"),
                Path.Combine("adaptivecards", "dist", "adaptivecards.min.js")));
    }

    /// <summary>The absolute path of Web Chat's bundle, whether or not it is installed.</summary>
    public static string WebChatBundlePath(IWebHostEnvironment environment, LocalChannelOptions options)
        => Path.GetFullPath(Path.Combine(options.ClientLibrariesPath, "botframework-webchat", "dist", "webchat.js"), environment.ContentRootPath);

    private static IResult FromWebRoot(IWebHostEnvironment environment, HttpContext context, string name, string contentType)
    {
        var file = environment.WebRootFileProvider.GetFileInfo(name);
        if (!file.Exists || file.PhysicalPath is null)
        {
            return Results.NotFound();
        }

        // The page's own files change while a developer works on them: always revalidate.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(file.PhysicalPath, contentType, lastModified: file.LastModified);
    }

    private static IResult FromClientLibraries(IWebHostEnvironment environment, LocalChannelOptions options, HttpContext context, params string[] candidates)
    {
        var root = Path.GetFullPath(options.ClientLibrariesPath, environment.ContentRootPath);
        foreach (var candidate in candidates)
        {
            var path = Path.Combine(root, candidate);
            if (File.Exists(path))
            {
                context.Response.Headers.CacheControl = "no-cache";
                context.Response.Headers.XContentTypeOptions = "nosniff";
                return Results.File(path, JavaScript, lastModified: File.GetLastWriteTimeUtc(path));
            }
        }

        return Results.Text(
            "The npm packages of the local chat page are not installed. Build the project (it runs `npm ci` in src/ConfidantBot/ClientApp) or run `npm ci` there yourself.",
            "text/plain; charset=utf-8",
            statusCode: StatusCodes.Status404NotFound);
    }
}
