using PdfSharp.Fonts;

namespace TreatmentPlanBot.Fonts;

/// <summary>
/// PDFsharp's fonts come from here, never from the host: a Linux container has no fonts, and a PDF must read the same
/// wherever it was made. Every family resolves to the bundled DejaVu Sans (bold when asked; italic is not bundled).
/// </summary>
public sealed class BundledFontResolver : IFontResolver
{
    private const string RegularFace = "DejaVuSans";
    private const string BoldFace = "DejaVuSans-Bold";
    private static readonly Lock Gate = new();

    /// <summary>PDFsharp holds one resolver for the process; set it once, before the first PDF.</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not BundledFontResolver)
            {
                GlobalFontSettings.FontResolver = new BundledFontResolver();
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? BoldFace : RegularFace);

    public byte[]? GetFont(string faceName) => faceName == BoldFace ? BundledFonts.Bold : BundledFonts.Regular;
}
