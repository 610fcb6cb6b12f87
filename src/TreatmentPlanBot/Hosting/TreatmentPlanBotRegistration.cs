using BotCore.Cards;
using BotCore.Hosting;
using BotCore.State;
using BotCore.Storage;
using BotCore.Telemetry;
using Microsoft.Extensions.Options;
using TreatmentPlanBot.Bot;
using TreatmentPlanBot.Cards;
using TreatmentPlanBot.Demo;
using TreatmentPlanBot.Features.Admin;
using TreatmentPlanBot.Features.Assessment;
using TreatmentPlanBot.Features.Caseload;
using TreatmentPlanBot.Features.CheckIns;
using TreatmentPlanBot.Features.Clients;
using TreatmentPlanBot.Features.CurrentInformation;
using TreatmentPlanBot.Features.Export;
using TreatmentPlanBot.Features.Handover;
using TreatmentPlanBot.Features.Help;
using TreatmentPlanBot.Features.MyPlan;
using TreatmentPlanBot.Features.Invitations;
using TreatmentPlanBot.Features.Feedback;
using TreatmentPlanBot.Features.Signing;
using TreatmentPlanBot.Features.Onboarding;
using TreatmentPlanBot.Features.PlanCard;
using TreatmentPlanBot.Features.Reviews;
using TreatmentPlanBot.Features.Planning;
using TreatmentPlanBot.Features.SafetyPlan;
using TreatmentPlanBot.Features.Screening;
using TreatmentPlanBot.Features.Supervision;
using TreatmentPlanBot.Features.Sessions;
using TreatmentPlanBot.Notifications;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Hosting;

public static class TreatmentPlanBotRegistration
{
    /// <summary>Everything the Teams app needs: the Bot Framework runtime, storage, the clinical domain, records, features.</summary>
    public static WebApplicationBuilder AddTreatmentPlanBot(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<BotCore.Hosting.TurnErrorOptions>(o => o.StorageUnavailableMessage = OutageWords.RecordsUnreachable);
        services.AddBotCore(builder.Configuration);
        services.AddBotStorage(builder.Configuration);
        services.AddBotTelemetry(builder.Configuration, TreatmentPlanBotTelemetry.Setup);
        services.AddScheduledWork(); // features add handlers with AddScheduledWorkHandler<T>(kind)
        services.AddCardTemplates();
        services.AddStatefulBot<TreatmentPlanBotHandler>();
        services.AddClinicalDomain();

        services.AddOptions<ClinicOptions>().BindConfiguration(ClinicOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ClientRecords>();
        services.AddSingleton<ClientUsers>();
        services.AddSingleton<CaseloadIndex>();
        services.AddSingleton<CaseloadRefresher>();
        services.AddSingleton<StaffDirectory>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<ClientFiles>();
        services.AddSingleton<TurnUserResolver>();
        services.AddSingleton<CardRenderer>();
        services.AddSingleton<CommandRouter>();
        services.AddPeopleDirectory();
        services.AddSingleton<PersonalChats>();
        services.AddNotifications();

        services.AddHelpFeature();
        services.AddClientsFeature();
        services.AddOnboardingFeature();
        services.AddPlanningFeature();
        services.AddScreeningFeature();
        services.AddAdminFeature();
        services.AddPlanCardFeature();
        services.AddCaseloadFeature();
        services.AddAssessmentFeature();
        services.AddMyPlanFeature();
        services.AddInvitationsFeature();
        services.AddSafetyPlanFeature();
        services.AddCheckInsFeature();
        services.AddSupervisionFeature();
        services.AddSessionsFeature();
        services.AddSigningFeature();
        services.AddSessionFeedbackFeature();
        services.AddReviewsFeature();
        services.AddHandoverFeature();
        services.AddExportFeature();
        services.AddCurrentInformationFeature();
        if (builder.Environment.IsDevelopment())
        {
            // Only a local run may skip ahead in time; the command checks the environment again.
            services.AddSingleton<IBotCommand, RunDueWorkCommand>();
        }

        services.AddHostedService<DemoClinicSeeder>();
        return builder;
    }
}
