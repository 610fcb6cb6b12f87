using System.Collections;
using System.Reflection;
using BotCore.Cards;
using BotCore.Connector;
using BotCore.Dialogs;
using BotCore.Hosting;
using BotCore.Scheduling;
using BotCore.State;
using BotCore.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TreatmentPlanBot.Hosting;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Instruments;
using TreatmentPlanning.Outcomes;
using TreatmentPlanning.Screening;
using TreatmentPlanning.Smart;

namespace TreatmentPlanBot.Tests.Hosting;

/// <summary>appsettings.sample.json is the settings reference: it must name every setting and be a working configuration.</summary>
public sealed class SampleSettingsTests
{
    private static readonly (Type Options, string Section)[] OptionsClasses =
    [
        (typeof(BotOptions), ""),
        (typeof(ConnectorOptions), "BotConnector"),
        (typeof(StorageOptions), StorageOptions.SectionName),
        (typeof(ScheduledWorkOptions), ScheduledWorkOptions.SectionName),
        (typeof(CardTemplateOptions), CardTemplateOptions.SectionName),
        (typeof(DialogOptions), DialogOptions.SectionName),
        (typeof(StateOptions), StateOptions.SectionName),
        (typeof(ClinicOptions), ClinicOptions.SectionName),
        (typeof(InstrumentLibraryOptions), InstrumentLibraryOptions.SectionName),
        (typeof(ScreeningOptions), ScreeningOptions.SectionName),
        (typeof(OutcomeOptions), OutcomeOptions.SectionName),
        (typeof(AttainabilityOptions), AttainabilityOptions.SectionName),
        (typeof(GraphOptions), GraphOptions.SectionName),
        (typeof(BotCore.Telemetry.TelemetryOptions), BotCore.Telemetry.TelemetryOptions.SectionName),
        (typeof(PlaygroundOptions), PlaygroundOptions.SectionName),
        (typeof(TreatmentPlanBot.Notifications.NotificationOptions), TreatmentPlanBot.Notifications.NotificationOptions.SectionName),
        (typeof(TreatmentPlanBot.Features.Invitations.InvitationOptions), TreatmentPlanBot.Features.Invitations.InvitationOptions.SectionName),
        (typeof(TreatmentPlanBot.Features.CheckIns.CheckInOptions), TreatmentPlanBot.Features.CheckIns.CheckInOptions.SectionName),
        (typeof(TreatmentPlanBot.Features.Sessions.SessionsOptions), TreatmentPlanBot.Features.Sessions.SessionsOptions.SectionName),
        (typeof(TreatmentPlanBot.Features.Signing.PlanSigningOptions), TreatmentPlanBot.Features.Signing.PlanSigningOptions.SectionName),
        (typeof(TreatmentPlanBot.Features.Feedback.SessionFeedbackOptions), TreatmentPlanBot.Features.Feedback.SessionFeedbackOptions.SectionName),
        (typeof(TreatmentPlanBot.Features.Reviews.ReviewOptions), TreatmentPlanBot.Features.Reviews.ReviewOptions.SectionName),
    ];

    private static IConfigurationRoot Sample() => new ConfigurationBuilder()
        .AddJsonFile(Repository.PathOf("appsettings.sample.json"), optional: false)
        .Build();

    public static TheoryData<string> SettingNames()
    {
        var names = new TheoryData<string>();
        foreach (var (type, section) in OptionsClasses)
        {
            foreach (var name in Settable(type, section))
            {
                names.Add(name);
            }
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(SettingNames))]
    public void Every_setting_is_in_the_sample(string setting)
    {
        var sample = Sample();

        Assert.True(sample.GetSection(setting).Exists(), $"appsettings.sample.json does not mention '{setting}'.");
    }

    [Fact]
    public async Task The_sample_as_it_stands_starts_the_bot_in_development()
    {
        var directory = Directory.CreateTempSubdirectory("tpb-sample-").FullName;
        var app = BotWebApp.Create(["--environment", "Development", "--urls", "http://127.0.0.1:0", "--contentRoot", directory], builder =>
        {
            builder.Configuration.AddJsonFile(Repository.PathOf("appsettings.sample.json"), optional: false);
            builder.Configuration["Cards:TemplateFolder"] = Repository.PathOf("cards");
            builder.Logging.ClearProviders();
        });
        try
        {
            await app.StartAsync();
            await app.Services.GetRequiredService<ITableStore>().GetTableAsync("Probe");

            Assert.True(File.Exists(Path.Combine(directory, ".local", "treatmentplanbot.db")), "The sample's SQLite path is relative to the content root.");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    // Public settable properties, with nested option objects expanded; collections and dictionaries count as one setting.
    private static IEnumerable<string> Settable(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            var name = prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var isLeaf = propertyType.IsPrimitive || propertyType.IsEnum || propertyType == typeof(string) || propertyType == typeof(decimal)
                || propertyType == typeof(TimeSpan) || propertyType == typeof(Uri) || typeof(IEnumerable).IsAssignableFrom(propertyType);
            if (isLeaf)
            {
                yield return name;
            }
            else
            {
                foreach (var nested in Settable(propertyType, name))
                {
                    yield return nested;
                }
            }
        }
    }
}
