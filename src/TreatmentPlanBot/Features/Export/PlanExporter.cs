using System.Net.Http.Headers;
using BotCore;
using BotCore.Schema;
using BotCore.Storage;
using BotCore.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Export;

/// <summary>What a file consent card carries: ids and a version number, never client data (Teams hands it back as sent).</summary>
public sealed record ExportContext(string Kind, string ClientId, string ExportId, int PlanVersion, bool Full);

/// <summary>
/// The plan as a PDF, delivered the way Teams delivers files from a bot: a file consent card in the clinician's personal
/// chat; on Accept, the PDF is made again from the stored plan version named on the card (nothing of it is kept between
/// the card and the answer: no blob of clinical data waits anywhere), PUT to the upload URL Teams gives, and shown with a
/// file info card. Only the clinician of record exports; each accept is claimed (row <c>export|{id}</c>), so a second
/// Accept uploads nothing; every step is audited through the gate.
/// </summary>
public sealed class PlanExporter(
    ClientFiles files,
    StaffDirectory staff,
    ObjectiveMeasures measures,
    IHttpClientFactory http,
    IOptions<ClinicOptions> clinic,
    ILogger<PlanExporter> logger) : IFileConsentHandler
{
    public const string ConsentKind = "plan-export";
    public const string UploadClient = "file-upload";

    public string Kind => ConsentKind;

    /// <summary>The consent card for <paramref name="clientId"/>'s plan, or why not.</summary>
    public async Task<Activity> OfferAsync(Caller caller, DateTimeOffset now, string clientId, bool full, CancellationToken cancellationToken)
    {
        var opened = await files.OpenAsClinicianAsync(caller, clientId, full ? ClientAction.ReadClinicianOnly : ClientAction.Read, "plan-export", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            return ActivityExtensions.CreateMessage(opened.Decision.Relationship == ClientRelationship.Supervisor
                ? "Only the client's clinician of record exports their plan. Ask them for a copy."
                : AccessDecision.RefusalMessage);
        }

        var context = new ExportContext(ConsentKind, clientId, $"export-{Guid.NewGuid():N}", 0, full);
        var export = await ReadAsync(opened.File, context, now, cancellationToken).ConfigureAwait(false);
        if (export is null)
        {
            return ActivityExtensions.CreateMessage(PlanCardBuilder.NoPlanYet(CardText.Escape(opened.File.Enrolment.DisplayName)));
        }

        context = context with { PlanVersion = export.Version.Number };
        var size = Render(export).LongLength;
        var what = full
            ? "The full copy for the clinic's record: it includes the clinician-only trauma-informed overview. Do not send it to an insurer."
            : "For insurers and the clinic's record; the clinician-only trauma-informed overview is left out (say **export** and the name with **full** to include it).";
        return new Activity
        {
            Type = ActivityTypes.Message,
            Text = $"Here is {CardText.Escape(export.ClientName)}'s plan, version {export.Version.Number}, as a PDF. {what} Accept to save it to your OneDrive and see it here.",
            Attachments = [FileConsent.ConsentCard(FileName(context), $"Treatment plan, version {export.Version.Number}", size, context, context)],
        };
    }

    public async Task HandleAsync(ITurnContext turn, TurnUser user, FileConsentCardResponse response, CancellationToken cancellationToken)
    {
        var context = response.Context is { } element ? System.Text.Json.JsonSerializer.Deserialize<ExportContext>(element, BotJson.Options) : null;
        if (context is null || context.ClientId.Length == 0 || context.ExportId.Length == 0)
        {
            await turn.SendActivityAsync(BotReplies.ButtonNoLongerActive, cancellationToken).ConfigureAwait(false);
            return;
        }

        var opened = await files.OpenAsClinicianAsync(user.Caller, context.ClientId, context.Full ? ClientAction.ReadClinicianOnly : ClientAction.Read,
            response.Accepted ? "plan-export accepted" : "plan-export declined", cancellationToken).ConfigureAwait(false);
        if (!opened.Allowed)
        {
            await turn.SendActivityAsync(AccessDecision.RefusalMessage, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!response.Accepted)
        {
            await turn.SendActivityAsync("You declined the PDF, so nothing was uploaded or kept. Say **export** and the client's name when you want it.", cancellationToken).ConfigureAwait(false);
            return;
        }

        await AcceptAsync(turn, opened.File, context, response.UploadInfo, cancellationToken).ConfigureAwait(false);
    }

    private async Task AcceptAsync(ITurnContext turn, ClinicianFile file, ExportContext context, FileUploadInfo? upload, CancellationToken cancellationToken)
    {
        if (upload?.UploadUrl is not { } uploadUrl || !Uri.TryCreate(uploadUrl, UriKind.Absolute, out var target) || !(target.Scheme == Uri.UriSchemeHttps || target.IsLoopback))
        {
            await turn.SendActivityAsync("Teams didn't give me a place to upload the PDF, so nothing was sent. Please say **export** again.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = turn.Clock().UtcNow;
        var export = await ReadAsync(file, context, now, cancellationToken).ConfigureAwait(false);
        if (export is null)
        {
            await turn.SendActivityAsync("That plan version is no longer in the record, so nothing was sent. Please say **export** again.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var claim = new ExportRecord(context.ExportId, turn.Activity.From?.AadObjectId ?? string.Empty, now, export.Version.Number, export.Version.ContentHash, context.Full, ExportStatus.Uploading);
        try
        {
            await file.ClaimExportAsync(claim, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
        {
            await turn.SendActivityAsync("This PDF was already accepted (the button was pressed before), so it was not uploaded twice. It is in your OneDrive and above in this chat.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var bytes = Render(export);
        var delivered = await UploadAsync(target, bytes, cancellationToken).ConfigureAwait(false);
        var stored = await file.FindExportAsync(context.ExportId, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            await file.ReplaceExportAsync(claim with { Status = delivered ? ExportStatus.Delivered : ExportStatus.Failed }, stored.ETag, cancellationToken).ConfigureAwait(false);
        }

        if (!delivered)
        {
            await turn.SendActivityAsync("I couldn't upload the PDF to your OneDrive just now, so nothing was sent. Please say **export** and the name again.", cancellationToken).ConfigureAwait(false);
            return;
        }

        await turn.SendActivityAsync(new Activity { Type = ActivityTypes.Message, Attachments = [FileConsent.InfoCard(upload!)] }, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Plan export {ExportId} uploaded for client {ClientId}, version {Version}", context.ExportId, context.ClientId, export.Version.Number);
    }

    // Teams' upload URL is a pre-authorised OneDrive upload session: one PUT of the whole file with its Content-Range.
    private async Task<bool> UploadAsync(Uri target, byte[] bytes, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentLength = bytes.LongLength;
        content.Headers.ContentRange = new ContentRangeHeaderValue(0, bytes.LongLength - 1, bytes.LongLength);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        try
        {
            using var response = await http.CreateClient(UploadClient).PutAsync(target, content, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Plan export upload answered {Status}", (int)response.StatusCode);
            }

            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException exception)
        {
            logger.LogWarning("Plan export upload failed: {Error}", exception.HttpRequestError);
            return false;
        }
    }

    private async Task<PlanExport?> ReadAsync(ClinicianFile file, ExportContext context, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await file.GetPlanAsync(cancellationToken).ConfigureAwait(false) is not { Value: var plan })
        {
            return null;
        }

        var number = context.PlanVersion == 0 ? plan.Version : context.PlanVersion;
        if (number != plan.Version && plan.PriorVersions.All(v => v.Number != number))
        {
            return null;
        }

        var profile = (await file.GetProfileAsync(cancellationToken).ConfigureAwait(false))?.Value ?? TreatmentPlanning.Clients.ClientProfile.New(file.ClientId, new(file.Enrolment.DisplayName, string.Empty));
        var version = plan.GetVersion(number);
        var people = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [file.ClientId] = file.Enrolment.DisplayName };
        foreach (var id in version.Signatures.Select(s => s.SignerId).Concat(plan.Reviews.Select(r => r.ReviewerId)).Distinct())
        {
            if (!people.ContainsKey(id) && (await staff.FindAsync(file.Enrolment.TenantId, id, cancellationToken).ConfigureAwait(false))?.Value is { } member)
            {
                people[id] = member.DisplayName;
            }
        }

        return new PlanExport(file.Enrolment.DisplayName, clinic.Value.Name, plan, version, context.Full ? profile : profile.WithoutClinicianOnly(), context.Full,
            await file.ListAssessmentsAsync(cancellationToken).ConfigureAwait(false), await file.GetClosureAsync(cancellationToken).ConfigureAwait(false), people, now);
    }

    private byte[] Render(PlanExport export) => PlanDocument.Render(export, measures.Describe);

    // The file's name lands in the clinician's OneDrive and the chat: the record's id and the version, not the client's name.
    private static string FileName(ExportContext context) => $"treatment-plan-{context.ClientId}-v{context.PlanVersion}.pdf";
}
