using System.Buffers.Binary;
using System.IO.Compression;

namespace ConfidantBot.Deployment.Tests.Tools;

/// <summary>
/// Reads just enough of a PNG to check what Teams checks: the size from the IHDR chunk, the
/// colour type (does it carry alpha), and, for 8-bit non-interlaced images, the pixels.
/// </summary>
internal sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private PngImage(int width, int height, byte bitDepth, byte colourType, byte interlace, byte[] compressedData)
    {
        Width = width;
        Height = height;
        BitDepth = bitDepth;
        ColourType = colourType;
        Interlace = interlace;
        CompressedData = compressedData;
    }

    public int Width { get; }

    public int Height { get; }

    public byte BitDepth { get; }

    /// <summary>2 = RGB, 6 = RGBA, 4 = grey + alpha, ... (PNG specification, IHDR).</summary>
    public byte ColourType { get; }

    public byte Interlace { get; }

    public bool HasAlphaChannel => ColourType is 4 or 6;

    private byte[] CompressedData { get; }

    public static PngImage Read(byte[] bytes)
    {
        if (bytes.Length < 33 || !bytes.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException("Not a PNG file (signature missing).");
        }

        if (!bytes.AsSpan(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new InvalidDataException("The first PNG chunk is not IHDR.");
        }

        var width = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4));
        var height = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4));
        using var idat = new MemoryStream();
        var offset = 8;
        while (offset + 8 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset, 4));
            var type = bytes.AsSpan(offset + 4, 4);
            if (type.SequenceEqual("IDAT"u8))
            {
                idat.Write(bytes, offset + 8, length);
            }

            offset += 12 + length;
        }

        return new PngImage(width, height, bytes[24], bytes[25], bytes[28], idat.ToArray());
    }

    /// <summary>Pixels as RGBA rows; only for 8-bit, non-interlaced RGB or RGBA images.</summary>
    public byte[][] ReadRgbaRows()
    {
        if (BitDepth != 8 || Interlace != 0 || ColourType is not (2 or 6))
        {
            throw new NotSupportedException($"Only 8-bit non-interlaced RGB/RGBA is read here (colour type {ColourType}, depth {BitDepth}).");
        }

        var channels = ColourType == 6 ? 4 : 3;
        var stride = Width * channels;
        using var inflater = new ZLibStream(new MemoryStream(CompressedData), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        var data = raw.ToArray();

        var rows = new byte[Height][];
        var previous = new byte[stride];
        for (var y = 0; y < Height; y++)
        {
            var filter = data[y * (stride + 1)];
            var line = data.AsSpan(y * (stride + 1) + 1, stride).ToArray();
            Unfilter(filter, line, previous, channels);
            rows[y] = ToRgba(line, channels);
            previous = line;
        }

        return rows;
    }

    private static void Unfilter(byte filter, byte[] line, byte[] previous, int bytesPerPixel)
    {
        for (var i = 0; i < line.Length; i++)
        {
            int left = i >= bytesPerPixel ? line[i - bytesPerPixel] : 0;
            int up = previous[i];
            int upLeft = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
            line[i] = filter switch
            {
                0 => line[i],
                1 => (byte)(line[i] + left),
                2 => (byte)(line[i] + up),
                3 => (byte)(line[i] + ((left + up) / 2)),
                4 => (byte)(line[i] + Paeth(left, up, upLeft)),
                _ => throw new InvalidDataException($"Unknown PNG filter type {filter}."),
            };
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] ToRgba(byte[] line, int channels)
    {
        if (channels == 4)
        {
            return line;
        }

        var rgba = new byte[line.Length / 3 * 4];
        for (int source = 0, target = 0; source < line.Length; source += 3, target += 4)
        {
            rgba[target] = line[source];
            rgba[target + 1] = line[source + 1];
            rgba[target + 2] = line[source + 2];
            rgba[target + 3] = 255;
        }

        return rgba;
    }
}
