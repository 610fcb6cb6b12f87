using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotCore.Schema;

/// <summary>
/// Teams' way for a bot to send a file to a user in a personal chat: the bot sends a file consent card; the user's
/// Accept (or Decline) arrives as a <c>fileConsent/invoke</c> whose value carries an upload URL in the user's OneDrive;
/// the bot PUTs the bytes there and sends a file info card pointing at the uploaded file.
/// </summary>
public static class FileConsent
{
    public const string InvokeName = "fileConsent/invoke";
    public const string ConsentCardContentType = "application/vnd.microsoft.teams.card.file.consent";
    public const string InfoCardContentType = "application/vnd.microsoft.teams.card.file.info";

    /// <summary>The consent card: name and size of the file, and the contexts Teams hands back on accept or decline.</summary>
    public static Attachment ConsentCard(string fileName, string description, long sizeInBytes, object acceptContext, object declineContext) => new()
    {
        ContentType = ConsentCardContentType,
        Name = fileName,
        Content = JsonSerializer.SerializeToElement(new
        {
            description,
            sizeInBytes,
            acceptContext,
            declineContext,
        }, BotJson.Options),
    };

    /// <summary>The card that shows the uploaded file in the chat.</summary>
    public static Attachment InfoCard(FileUploadInfo upload) => new()
    {
        ContentType = InfoCardContentType,
        ContentUrl = upload.ContentUrl,
        Name = upload.Name,
        Content = JsonSerializer.SerializeToElement(new { uniqueId = upload.UniqueId, fileType = upload.FileType }, BotJson.Options),
    };
}

/// <summary>The value of a <c>fileConsent/invoke</c>: "accept" or "decline", the context the card carried, and where to upload.</summary>
public sealed record FileConsentCardResponse
{
    public string? Action { get; init; }

    public JsonElement? Context { get; init; }

    public FileUploadInfo? UploadInfo { get; init; }

    [JsonIgnore]
    public bool Accepted => string.Equals(Action, "accept", StringComparison.OrdinalIgnoreCase);

    public static FileConsentCardResponse Parse(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Object } element
            ? element.Deserialize<FileConsentCardResponse>(BotJson.Options) ?? new FileConsentCardResponse()
            : new FileConsentCardResponse();
}

public sealed record FileUploadInfo
{
    public string? Name { get; init; }

    public string? UploadUrl { get; init; }

    public string? ContentUrl { get; init; }

    public string? UniqueId { get; init; }

    public string? FileType { get; init; }
}
