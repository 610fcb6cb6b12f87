using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;

namespace TreatmentPlanBot.Charts;

/// <summary>
/// Writes a bitmap of few colours as an indexed PNG (one byte a pixel, a palette in order of first appearance): a chart
/// of flat colours is a fraction of the size Skia's RGBA encoder writes, and the bytes depend only on the pixels.
/// More than 256 colours (never, for our charts) falls back to Skia's encoder.
/// </summary>
public static class PalettePng
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static byte[] Encode(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        var (width, height) = (bitmap.Width, bitmap.Height);
        var palette = new Dictionary<uint, byte>();
        var rows = new byte[height * (width + 1)];
        for (var y = 0; y < height; y++)
        {
            rows[y * (width + 1)] = 0; // filter: none
            for (var x = 0; x < width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                var rgb = ((uint)c.Red << 16) | ((uint)c.Green << 8) | c.Blue;
                if (!palette.TryGetValue(rgb, out var index))
                {
                    if (palette.Count == 256)
                    {
                        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
                        return data.ToArray();
                    }

                    index = (byte)palette.Count;
                    palette.Add(rgb, index);
                }

                rows[(y * (width + 1)) + 1 + x] = index;
            }
        }

        using var png = new MemoryStream();
        png.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 3; // colour type: indexed
        Chunk(png, "IHDR", header);
        Chunk(png, "PLTE", [.. palette.OrderBy(p => p.Value).SelectMany(p => new[] { (byte)(p.Key >> 16), (byte)(p.Key >> 8), (byte)p.Key })]);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                zlib.Write(rows);
            }

            Chunk(png, "IDAT", compressed.ToArray());
        }

        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        var crc = Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc);
        png.Write(crcBytes);
    }

    private static uint Crc(uint crc, byte[] bytes)
    {
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
