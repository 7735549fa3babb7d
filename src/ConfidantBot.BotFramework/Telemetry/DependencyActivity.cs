using System.Diagnostics;

namespace ConfidantBot.BotFramework.Telemetry;

/// <summary>
/// Spans for calls to outside services (the Bot Connector, Table Storage, and in the app Graph and Key Vault),
/// made by hand instead of by HttpClient instrumentation: a span carries the service's host and a fixed
/// operation name, never the request's path (which holds conversation, activity, mailbox and event ids) or its
/// query. With nobody listening (telemetry off) <see cref="Start"/> returns null and costs one check; HttpClient
/// itself creates no activity (see docs/performance.md, change 8).
/// </summary>
public static class DependencyActivity
{
    /// <summary>The source of this library's spans: the connector and Table Storage.</summary>
    public const string SourceName = "ConfidantBot.BotFramework";

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts a client span named "<paramref name="system"/> <paramref name="operation"/>" whose URL is
    /// <c>https://{host}/{operation}</c>, or returns null when no listener wants it.
    /// </summary>
    /// <param name="host">The service's host name only (e.g. <c>graph.microsoft.com</c>): no path, no query.</param>
    /// <param name="operation">A fixed word from the code (e.g. <c>reply</c>, <c>getSchedule</c>), never data.</param>
    public static Activity? Start(ActivitySource source, string system, string host, string method, string operation)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.HasListeners())
        {
            return null;
        }

        var activity = source.StartActivity(system + " " + operation, ActivityKind.Client);
        if (activity is null)
        {
            return null;
        }

        if (activity.IsAllDataRequested)
        {
            activity.SetTag("server.address", host);
            activity.SetTag("http.request.method", method);
            activity.SetTag("url.full", "https://" + host + "/" + operation.Replace(' ', '-'));
            activity.SetTag("confidantbot.dependency", system);
            activity.SetTag("confidantbot.operation", operation);
        }

        return activity;
    }

    /// <summary>Marks the span as answered with this HTTP status (an error from 400 on).</summary>
    public static void Answered(this Activity? activity, int statusCode)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("http.response.status_code", statusCode);
        if (statusCode >= 400)
        {
            activity.SetTag("error.type", statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    /// <summary>Marks the span failed with the exception's type only: messages can hold URLs and ids.</summary>
    public static void Failed(this Activity? activity, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("error.type", exception.GetType().FullName);
        activity.SetStatus(ActivityStatusCode.Error);
    }
}
