using System.Buffers;
using System.Text.Json;
using ConfidantBot.BotFramework.Schema;
using Microsoft.AspNetCore.Http;

namespace ConfidantBot.BotFramework.Hosting;

/// <summary>Reads and checks the body of an inbound request before anyone trusts it.</summary>
internal static class InboundActivityReader
{
    internal sealed record Refusal(int StatusCode, string Reason);

    internal readonly record struct Result(Activity? Activity, Refusal? Error);

    public static async Task<Result> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes} bytes.");
        }

        // Channels always send application/json; a body without it is what a web page can post
        // cross-site without a CORS preflight, so it is refused rather than guessed at.
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(StatusCodes.Status415UnsupportedMediaType, "The body must be application/json.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, 16 * 1024));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        return Refuse(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes} bytes.");
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    return Refuse(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes} bytes.");
                }
            }

            if (length == 0)
            {
                return Refuse(StatusCodes.Status400BadRequest, "The body is empty; an Activity JSON object was expected.");
            }

            Activity? activity;
            try
            {
                activity = BotJson.DeserializeActivity(buffer.AsSpan(0, length));
            }
            catch (JsonException exception)
            {
                return Refuse(StatusCodes.Status400BadRequest, $"The body is not a valid Activity JSON object (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}).");
            }

            return activity is null
                ? Refuse(StatusCodes.Status400BadRequest, "The body is JSON null; an Activity JSON object was expected.")
                : Validate(activity);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Result Validate(Activity activity)
    {
        if (string.IsNullOrWhiteSpace(activity.Type))
        {
            return Refuse(StatusCodes.Status400BadRequest, "The activity has no 'type'.");
        }

        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            return Refuse(StatusCodes.Status400BadRequest, "The activity has no 'conversation.id'.");
        }

        if (string.IsNullOrWhiteSpace(activity.ChannelId))
        {
            return Refuse(StatusCodes.Status400BadRequest, "The activity has no 'channelId'.");
        }

        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl)
            || (serviceUrl.Scheme != Uri.UriSchemeHttps && serviceUrl.Scheme != Uri.UriSchemeHttp))
        {
            return Refuse(StatusCodes.Status400BadRequest, "The activity has no valid absolute 'serviceUrl'.");
        }

        if (string.IsNullOrWhiteSpace(activity.From?.Id))
        {
            return Refuse(StatusCodes.Status400BadRequest, "The activity has no 'from.id'.");
        }

        return new Result(activity, null);
    }

    private static Result Refuse(int statusCode, string reason) => new(null, new Refusal(statusCode, reason));
}
