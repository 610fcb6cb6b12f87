using BotCore.Dialogs;
using Microsoft.Extensions.DependencyInjection;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Features.Reviews;

/// <summary>"review [client]": walk the plan's open objectives and record a review, which makes a new plan version.</summary>
public sealed class ReviewCommand : IBotCommand
{
    public string Name => "review";

    public string Usage => "review [client]";

    public string Description => "Review a client's plan objective by objective: what was achieved, what was tried, what worked";

    public StaffRoles Audience => StaffRoles.Clinician;

    public Task ExecuteAsync(CommandContext context, string argument, CancellationToken cancellationToken) =>
        context.Dialogs.BeginDialogAsync(ReviewDialog.DialogId, argument.Length == 0 ? null : argument, cancellationToken);
}

public static class ReviewsFeature
{
    public static IServiceCollection AddReviewsFeature(this IServiceCollection services)
    {
        services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddNotificationKind<ReviewReminderNotification>();
        services.AddNotificationKind<NotOnTrackNotification>();
        services.AddScheduledWorkHandler<ReviewReminderHandler>(ReviewReminderHandler.Kind);
        return services
            .AddSingleton<ReviewCard>()
            .AddSingleton<ReviewDateCard>()
            .AddSingleton<ReviewActions>()
            .AddSingleton<ICardActionHandler>(sp => sp.GetRequiredService<ReviewActions>())
            .AddSingleton<ReviewReminders>()
            .AddSingleton<IPlanObserver>(sp => sp.GetRequiredService<ReviewReminders>())
            .AddSingleton<OutcomeWatch>()
            .AddSingleton<ICardActionHandler, WaysForwardActions>()
            .AddSingleton<Reviews>()
            .AddSingleton<Dialog, ReviewDialog>()
            .AddSingleton<IBotCommand, ReviewCommand>();
    }
}
