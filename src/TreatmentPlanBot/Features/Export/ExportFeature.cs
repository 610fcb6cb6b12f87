using BotCore;
using BotCore.Dialogs;
using BotCore.Schema;
using BotCore.Time;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Features.Clients;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Export;

/// <summary>"export [client]" (insurer copy) or "export [client] full" (with the clinician-only overview).</summary>
public sealed class ExportCommand : IBotCommand
{
    public string Name => "export";

    public string Usage => "export [client]";

    public string Description => "The plan as a PDF in this chat (add \"full\" to include the clinician-only overview)";

    public StaffRoles Audience => StaffRoles.Clinician;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        context.Dialogs.BeginDialogAsync(ExportDialog.DialogId, ClientCommandDialog.Parse(argument, "full"), cancellationToken);
}

public sealed class ExportDialog(PlanExporter exporter, TurnUserResolver users) : ClientCommandDialog(DialogId, "export the plan of", users)
{
    public const string DialogId = "export.plan";

    protected override Task<Activity> AnswerAsync(ITurnContext turn, TurnUser user, string clientId, string? option, CancellationToken cancellationToken) =>
        exporter.OfferAsync(user.Caller, turn.Clock().UtcNow, clientId, option == "full", cancellationToken);
}

/// <summary>The plan card's "Export PDF": the consent card arrives below, and the plan card stays as it was, with a line saying so.</summary>
public sealed class ExportCardAction(PlanExporter exporter, PlanCardBuilder plans) : ICardActionHandler
{
    public IReadOnlyCollection<string> Verbs { get; } = ["plan.export"];

    public async Task<CardActionResult> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        if (context.GetString("clientId") is not { Length: > 0 } clientId)
        {
            return CardActionResult.Say(BotReplies.ButtonNoLongerActive);
        }

        var offer = await exporter.OfferAsync(context.User.Caller, context.Turn.Clock().UtcNow, clientId, false, cancellationToken).ConfigureAwait(false);
        if (offer.Attachments is not { Count: > 0 })
        {
            return CardActionResult.Say(offer.Text ?? AccessDecision.RefusalMessage);
        }

        await context.Turn.SendActivityAsync(offer, cancellationToken).ConfigureAwait(false);
        return await plans.RenderAsync(context.User.Caller, context.Turn.Clock(), clientId, 1, null, "The PDF is ready below this card: accept it to save it to your OneDrive.", cancellationToken).ConfigureAwait(false);
    }
}

public static class ExportFeature
{
    public static IServiceCollection AddExportFeature(this IServiceCollection services)
    {
        // The upload URL is Teams' pre-authorised OneDrive session: no token of ours goes with it.
        services.AddHttpClient(PlanExporter.UploadClient, client => client.Timeout = TimeSpan.FromSeconds(20));
        return services
            .AddSingleton<PlanExporter>()
            .AddSingleton<IFileConsentHandler>(sp => sp.GetRequiredService<PlanExporter>())
            .AddSingleton<ICardActionHandler, ExportCardAction>()
            .AddSingleton<Dialog, ExportDialog>()
            .AddSingleton<IBotCommand, ExportCommand>();
    }
}
