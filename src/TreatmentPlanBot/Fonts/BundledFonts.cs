using System.Reflection;

namespace TreatmentPlanBot.Fonts;

/// <summary>
/// The typeface the bot draws with (DejaVu Sans, regular and bold; licence in LICENSE-DejaVu.txt), embedded in the
/// assembly so a chart or a PDF looks the same on a developer's Windows laptop and on a Linux container with no fonts.
/// </summary>
public static class BundledFonts
{
    public const string FamilyName = "DejaVu Sans";

    public static byte[] Regular => Read("DejaVuSans.ttf");

    public static byte[] Bold => Read("DejaVuSans-Bold.ttf");

    private static byte[] Read(string file)
    {
        using var stream = typeof(BundledFonts).Assembly.GetManifestResourceStream("TreatmentPlanBot.Fonts." + file)
            ?? throw new InvalidOperationException($"The bundled font {file} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
