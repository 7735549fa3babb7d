using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace ConfidantBot.Operations;

/// <summary>
/// The last step before export: each span keeps only attributes on an allow-list, a request's path becomes its
/// route template, and exceptions are reduced to their type. Whatever a library adds in a later version (a
/// client address, a user agent, a query string, an exception message with an id in it) is dropped here
/// unless it is added to the list on purpose.
/// </summary>
public static class TelemetryScrubber
{
    /// <summary>Span attributes that hold no identity and no content by construction.</summary>
    internal static readonly HashSet<string> AllowedSpanAttributes = new(StringComparer.Ordinal)
    {
        "http.request.method", "http.response.status_code", "http.route", "url.scheme", "url.path", "url.full",
        "server.address", "server.port", "network.protocol.version", "error.type",
        "confidantbot.dependency", "confidantbot.operation", "confidantbot.outcome",
    };

    public sealed class SpanScrubber : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            ArgumentNullException.ThrowIfNull(data);
            if (data.Kind == ActivityKind.Server)
            {
                // A request is known by its route template (/api/messages), never by the path it came with.
                var route = data.GetTagItem("http.route") as string;
                data.SetTag("url.path", string.IsNullOrEmpty(route) ? "/(unmatched)" : route);
                data.DisplayName = $"{data.GetTagItem("http.request.method")} {(string.IsNullOrEmpty(route) ? "/(unmatched)" : route)}";
            }

            List<string>? drop = null;
            foreach (var tag in data.TagObjects)
            {
                if (!AllowedSpanAttributes.Contains(tag.Key))
                {
                    (drop ??= []).Add(tag.Key);
                }
            }

            foreach (var key in drop ?? [])
            {
                data.SetTag(key, null);
            }

            // A status text could carry an id (exception messages): the status code stays. Events are not added:
            // request spans do not record exceptions (TelemetryExtensions) and our dependency spans add none.
            if (data.Status == ActivityStatusCode.Error && data.StatusDescription is not null)
            {
                data.SetStatus(ActivityStatusCode.Error);
            }
        }
    }

    public sealed class LogScrubber : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data)
        {
            ArgumentNullException.ThrowIfNull(data);

            // The host's redaction has erased classified values; an exception's message is free text from a
            // library (it can hold a URL with a conversation id), so only its type is exported.
            if (data.Exception is { } exception)
            {
                var attributes = data.Attributes?.ToList() ?? [];
                attributes.Add(new KeyValuePair<string, object?>("exception.type", exception.GetType().FullName));
                data.Attributes = attributes;
                data.Exception = null;
            }
        }
    }
}
