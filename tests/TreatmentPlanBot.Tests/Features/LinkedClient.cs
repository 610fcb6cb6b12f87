using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Plans;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Features;

/// <summary>
/// The people the features that reach a client in their own chat (feedback, signing, check-ins) start from: Casey
/// Clinician and their supervisor, and Jordan Example, Casey's client, linked to a Teams user. Arranged in storage and
/// through the bot's front door, so every test starts from the same file.
/// </summary>
internal static class LinkedClient
{
    public const string Jordan = "client-jordan";

    public static readonly TestUser JordanUser = new("user-jordan", "Jordan Example");

    /// <summary>Sam Supervisor and Casey Clinician, their supervisee, each having opened a chat with the bot.</summary>
    public static async Task<(TestUser Clinician, TestUser Supervisor)> CareTeamAsync(BotTestApp app)
    {
        var supervisor = await Assessment.AssessmentConversation.SupervisorInChatAsync(app);
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, supervisorId: "sup-1");
        await app.SayAsync(clinician, "help");
        return (clinician, supervisor);
    }

    /// <summary>
    /// Jordan enrolled with Casey and linked to <see cref="JordanUser"/>; with a draft plan of
    /// <paramref name="objectives"/> (the one PHQ-9 objective obj-1 when none are given) unless
    /// <paramref name="withPlan"/> is false. Jordan has not opened a chat yet: each test says how they do.
    /// </summary>
    public static async Task JordanLinkedAsync(BotTestApp app, bool withPlan = true, params Objective[] objectives)
    {
        await EnrolAsync(app, Jordan, "clin-1", "Jordan", "Example");
        if (withPlan)
        {
            var today = Today(app);
            await SavePlanAsync(app, Plan(Jordan, today, objectives.Length == 0 ? [Objective("obj-1", today.AddDays(60))] : objectives));
        }

        Assert.Equal(ClientLinkOutcome.Linked, await app.Get<ClientUsers>().LinkAsync(Jordan, BotTestApp.Tenant, JordanUser.UserId, default));
    }
}
