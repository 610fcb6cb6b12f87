using PdfSharp.Drawing;
using PdfSharp.Pdf;
using TreatmentPlanBot.Fonts;

namespace TreatmentPlanBot.Features.Export;

/// <summary>
/// A small flowing-text layout on PDFsharp: headings, paragraphs and label/value lines, wrapped to the page width,
/// new pages as needed, then "Page i of n" and a footer line on every page. A4, bundled font only.
/// </summary>
internal sealed class PdfWriter : IDisposable
{
    private const double Margin = 50;
    private const double FooterSpace = 40;
    private readonly PdfDocument _document = new();
    private readonly XFont _body = new(BundledFonts.FamilyName, 9.5, XFontStyleEx.Regular);
    private readonly XFont _bold = new(BundledFonts.FamilyName, 9.5, XFontStyleEx.Bold);
    private readonly XFont _heading = new(BundledFonts.FamilyName, 13, XFontStyleEx.Bold);
    private readonly XFont _title = new(BundledFonts.FamilyName, 17, XFontStyleEx.Bold);
    private readonly XFont _small = new(BundledFonts.FamilyName, 8, XFontStyleEx.Regular);
    private XGraphics? _graphics;
    private PdfPage? _page;
    private double _y;

    // Before any XFont field is made: PDFsharp resolves the family when the font is constructed.
    static PdfWriter() => BundledFontResolver.EnsureInstalled();

    public PdfWriter(string title)
    {
        _document.Info.Title = title;
        _document.Info.Creator = "TreatmentPlanBot";
        NewPage();
    }

    private double Width => _page!.Width.Point - (2 * Margin);

    private double Bottom => _page!.Height.Point - Margin - FooterSpace;

    public void Title(string text) => Write(text, _title, 0, 8);

    public void Heading(string text)
    {
        _y += 8;
        if (_y + 40 > Bottom)
        {
            NewPage();
        }

        Write(text, _heading, 0, 4);
    }

    public void Subheading(string text) => Write(text, _bold, 0, 2);

    public void Paragraph(string text, double indent = 0) => Write(text, _body, indent, 3);

    public void Bullet(string text, double indent = 10) => Write("• " + text, _body, indent, 1);

    public void Field(string label, string value, double indent = 0) => Write($"{label}: {value}", _body, indent, 1);

    public void Gap(double points = 6) => _y += points;

    /// <summary>Numbers every page and writes the footer, then returns the document's bytes.</summary>
    public byte[] Finish(string footer)
    {
        _graphics?.Dispose();
        _graphics = null;
        var count = _document.PageCount;
        for (var i = 0; i < count; i++)
        {
            var page = _document.Pages[i];
            using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var y = page.Height.Point - Margin - 12;
            graphics.DrawString(footer, _small, XBrushes.DimGray, new XPoint(Margin, y));
            var number = $"Page {i + 1} of {count}";
            graphics.DrawString(number, _small, XBrushes.DimGray, new XPoint(page.Width.Point - Margin - graphics.MeasureString(number, _small).Width, y));
        }

        using var stream = new MemoryStream();
        _document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        _graphics?.Dispose();
        _document.Dispose();
    }

    private void NewPage()
    {
        _graphics?.Dispose();
        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    private void Write(string text, XFont font, double indent, double after)
    {
        var lineHeight = font.Size * 1.35;
        foreach (var paragraph in text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n'))
        {
            foreach (var line in Wrap(paragraph, font, Width - indent))
            {
                if (_y + lineHeight > Bottom)
                {
                    NewPage();
                }

                _graphics!.DrawString(line, font, XBrushes.Black, new XPoint(Margin + indent, _y + font.Size));
                _y += lineHeight;
            }
        }

        _y += after;
    }

    /// <summary>Greedy word wrap by measured width; a word longer than the line is cut where it must be.</summary>
    private IEnumerable<string> Wrap(string text, XFont font, double width)
    {
        var line = string.Empty;
        foreach (var word in text.Split(' '))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (_graphics!.MeasureString(candidate, font).Width <= width)
            {
                line = candidate;
                continue;
            }

            if (line.Length > 0)
            {
                yield return line;
            }

            line = word;
            while (line.Length > 1 && _graphics.MeasureString(line, font).Width > width)
            {
                var cut = line.Length - 1;
                while (cut > 1 && _graphics.MeasureString(line[..cut], font).Width > width)
                {
                    cut--;
                }

                yield return line[..cut];
                line = line[cut..];
            }
        }

        yield return line;
    }
}
