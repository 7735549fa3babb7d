using System.Text.Json;
using ConfidantBot.BotFramework.Schema;

namespace ConfidantBot.LocalChannel;

/// <summary>Reads a JSON request body no larger than a limit, refusing anything else with a clear reason.</summary>
internal static class BoundedJsonBody
{
    internal readonly record struct Result<T>(T? Value, int StatusCode, string? Problem)
        where T : class
    {
        public bool Succeeded => Value is not null;
    }

    public static async Task<Result<T>> ReadAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentType is not { } contentType || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return new(null, StatusCodes.Status415UnsupportedMediaType, "The body must be application/json.");
        }

        if (request.ContentLength > maxBytes)
        {
            return TooLarge<T>(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return TooLarge<T>(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return new(null, StatusCodes.Status400BadRequest, "The body is empty; a JSON object was expected.");
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), BotJson.Options);
            return value is null
                ? new(null, StatusCodes.Status400BadRequest, "The body is JSON null; a JSON object was expected.")
                : new(value, StatusCodes.Status200OK, null);
        }
        catch (JsonException exception)
        {
            return new(null, StatusCodes.Status400BadRequest, $"The body is not the expected JSON object (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}).");
        }
    }

    private static Result<T> TooLarge<T>(int maxBytes)
        where T : class
        => new(null, StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes} bytes.");
}
