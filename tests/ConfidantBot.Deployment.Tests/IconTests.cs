using ConfidantBot.Deployment.Tests.Tools;

namespace ConfidantBot.Deployment.Tests;

/// <summary>The two icons in the sizes and forms Teams requires.</summary>
public sealed class IconTests
{
    [Fact]
    public void Colour_icon_is_192_by_192()
    {
        var icon = PngImage.Read(File.ReadAllBytes(RepositoryRoot.PathTo("manifest", "color.png")));

        Assert.Equal((192, 192), (icon.Width, icon.Height));
        var rows = icon.ReadRgbaRows();
        Assert.Equal(192, rows.Length);
        var colours = rows.SelectMany(row => row.Chunk(4).Select(pixel => (pixel[0], pixel[1], pixel[2]))).Distinct().Count();
        Assert.True(colours > 2, "The colour icon should be a drawing, not a flat square.");
    }

    [Fact]
    public void Outline_icon_is_32_by_32_white_on_transparent()
    {
        var icon = PngImage.Read(File.ReadAllBytes(RepositoryRoot.PathTo("manifest", "outline.png")));

        Assert.Equal((32, 32), (icon.Width, icon.Height));
        Assert.True(icon.HasAlphaChannel, $"The outline icon needs an alpha channel (colour type {icon.ColourType}).");

        var pixels = icon.ReadRgbaRows().SelectMany(row => row.Chunk(4)).ToList();
        Assert.Contains(pixels, pixel => pixel[3] == 0);
        Assert.Contains(pixels, pixel => pixel[3] == 255);
        Assert.All(
            pixels.Where(pixel => pixel[3] > 0),
            pixel => Assert.Equal((255, 255, 255), (pixel[0], pixel[1], pixel[2])));
    }
}
