using System.Text.Json;
using BotCore.Cards;
using BotCore.Schema;
using BotCore.Testing;
using TreatmentPlanBot.Features.Admin;
using TreatmentPlanBot.Features.Planning;
using TreatmentPlanBot.Features.Screening;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Features.PlanCard;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Tests.Cards;

/// <summary>
/// Teams refuses a message over about 28 KB, counted on the activity as the bot sends it (BotJson writes every non-ASCII
/// character as a six-byte \u escape, so CJK and emoji text weighs six times its length). Cards that grow with typed text
/// are paged or cut by that measured size, whatever the script: here with CJK and emoji text at the input limits.
/// </summary>
public sealed class CardSizeAsSentTests : IAsyncLifetime
{
    private static readonly TestUser Admin = new("admin-1", "Alex Admin");
    private BotTestApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await BotTestApp.StartAsync(settings: new Dictionary<string, string?> { ["Clinic:BootstrapAdmins:0"] = Admin.UserId });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>CJK and emoji, cut to <paramref name="length"/> UTF-16 units (the unit every input limit counts).</summary>
    public static string Wide(string seed, int length)
    {
        var text = string.Concat(Enumerable.Repeat(seed + "心理治療計画を一緒に作りましょう😀🌱", length));
        var cut = text[..length];
        return char.IsHighSurrogate(cut[^1]) ? cut[..^1] + "字" : cut;
    }

    /// <summary>What intake accepts for a name or pronouns, and for a note (ScreeningDialog); the overview's entries are notes.</summary>
    private const int ScreeningNameLimit = 60;
    private const int ScreeningNoteLimit = 1000;

    /// <summary>Names come from Teams, as Microsoft Entra ID holds them: up to 256 characters.</summary>
    private const int EntraDisplayNameLimit = 256;

    [Fact]
    public async Task The_staff_card_with_long_CJK_and_emoji_names_is_one_Teams_accepts_and_says_who_was_left_out()
    {
        var supervisor = await _app.AddStaffAsync("sup-0", Wide("S0", EntraDisplayNameLimit), StaffRoles.Supervisor);
        for (var i = 1; i <= 14; i++)
        {
            await _app.AddStaffAsync($"staff-{i:00}", Wide($"N{i}", EntraDisplayNameLimit), StaffRoles.Clinician, supervisorId: i % 2 == 0 ? supervisor.UserId : null);
        }

        for (var i = 1; i <= 8; i++)
        {
            await _app.SayAsync(new TestUser($"new-{i}", Wide($"W{i}", EntraDisplayNameLimit)), "hello");
        }

        var reply = Assert.Single(await _app.SayAsync(Admin, "staff"));
        var (status, body) = await _app.InvokeAsync(Admin, StaffCardActions.Show, new { });

        AssertFitsAsSent(reply);
        Assert.Equal(200, status);
        Assert.Equal("application/vnd.microsoft.card.adaptive", body.GetProperty("type").GetString());
        Assert.True(BytesAsSent(body) <= CardSize.TeamsLimitBytes, $"The invoke answer is {BytesAsSent(body)} bytes.");
        var text = AllText(reply);
        Assert.Contains("more. Type **staff add", text);
        Assert.Contains(Enumerable.Range(1, 14), i => text.Contains(Wide($"N{i}", EntraDisplayNameLimit), StringComparison.Ordinal));
        Assert.Contains(Enumerable.Range(1, 8), i => text.Contains(Wide($"W{i}", EntraDisplayNameLimit), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_goal_summary_of_six_objectives_in_CJK_and_emoji_at_the_input_limits_is_paged_into_cards_Teams_accepts()
    {
        var draft = new GoalDraft("draft-1", "client-1", Wide("C", 60), null, "depression", "Depression", Wide("P", 300), null, null, Wide("G", GoalText.MaxLength), 1,
            [.. Enumerable.Range(1, ObjectiveLoop.MaxObjectivesPerGoal).Select(i => new ObjectiveDraft
            {
                Behaviour = Wide($"B{i}", ObjectiveLimits.Specific),
                Measure = new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 22, 9, "PHQ-9"),
                AnticipatedCompletion = new DateOnly(2027, 3, 1),
                AttainabilityNote = Wide($"A{i}", 300),
                ConfirmedWarnings = [$"Attainable: {Wide($"X{i}", 200)}"],
                Relevance = Wide($"R{i}", ObjectiveLimits.Relevance),
                ClientTasks = [.. Enumerable.Range(1, ObjectiveLimits.MaxTasks).Select(t => Wide($"T{i}{t}", ObjectiveLimits.Task))],
                Interventions = [.. Enumerable.Range(1, ObjectiveLimits.MaxInterventions).Select(t => new InterventionDraft(Wide($"I{i}{t}", ObjectiveLimits.Intervention)))],
            })]);
        var client = new DialogTestClient(_app.Get<GoalReviewDialog>(), initialDialogOptions: draft);

        var turn = await client.SendActivityAsync(client.Adapter.MakeMessage("hi"));

        var cards = turn.Replies.Where(r => r.Attachments is { Count: > 0 }).ToList();
        Assert.True(cards.Count > 1, "Six objectives this long cannot fit one card: the summary is paged.");
        Assert.All(cards, AssertFitsAsSent);
        var shown = string.Join("\n", cards.Select(AllText));
        Assert.All(draft.Objectives, o => Assert.Contains(o.Behaviour, shown));
        Assert.All(draft.Objectives.SelectMany(o => o.ClientTasks), task => Assert.Contains(task, shown));
        Assert.Contains("Save it, change something, or cancel?", ReplyText.Of(turn.Replies[^1]));
    }

    /// <summary>
    /// The clinician's plan card carries the trauma-informed overview (15 entries) above the objectives; in CJK and emoji
    /// the overview alone is about 18 KB and one objective at its limits about 11 KB, so one objective per page is not
    /// enough: long entries are shortened by measured size, and the card says so and where the full text is.
    /// </summary>
    [Fact]
    public async Task The_plan_card_of_a_CJK_and_emoji_plan_at_every_input_limit_is_one_Teams_accepts_and_says_what_was_shortened()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        var today = PlanFile.Today(_app);
        var given = Wide("Gv", ScreeningNameLimit);
        await PlanFile.EnrolAsync(_app, "client-wide", clinician.UserId, given, Wide("Fm", ScreeningNameLimit), profile => Enumerable.Range(1, 5).Aggregate(
            Enumerable.Range(1, CurrentInformationParser.MaxCommunityCareProviders).Aggregate(
                (profile with
                {
                    Pronouns = Wide("Pn", ScreeningNameLimit),
                    Insurance = new InsuranceAuthorisation(Wide("Py", ScreeningNameLimit), "AUTH-1", 12, 10, today.AddDays(20)),
                }).AddEmergencyContact(new EmergencyContact(Wide("Ec", 100), Wide("Rl", 60), "+1 555 0100")),
                (p, i) => p.AddCommunityCare(new CommunityCareProvider(CareProviderRole.Psychiatrist, Wide($"Dr{i}", 120)))),
            (p, i) => p.RecordDisclosure(new DisclosedEvent(today.AddDays(-i), Wide($"Ev{i}", ScreeningNoteLimit)))
                .AddTrigger(Wide($"Tr{i}", ScreeningNoteLimit))
                .AddInterventionToAvoid(Wide($"Av{i}", ScreeningNoteLimit))));
        var objective = new Objective(
            "obj-1",
            Wide("Sp", ObjectiveLimits.Specific),
            new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 22, 9, "PHQ-9"),
            null,
            Wide("Rv", ObjectiveLimits.Relevance),
            today.AddDays(60),
            [.. Enumerable.Range(1, ObjectiveLimits.MaxTasks).Select(t => new ClientTask($"task-{t}", Wide($"Tk{t}", ObjectiveLimits.Task)))],
            [.. Enumerable.Range(1, ObjectiveLimits.MaxInterventions).Select(i => new ClinicianIntervention($"int-{i}", Wide($"In{i}", ObjectiveLimits.Intervention)))]);
        await PlanFile.SavePlanAsync(_app, TreatmentPlan.Draft("plan-client-wide", "client-wide", today.AddDays(-30))
            .AddProblem(new Problem("problem-1", Wide("Pb", 300), "depression", []))
            .AddGoal("problem-1", new Goal("goal-1", Wide("Gl", GoalText.MaxLength), []))
            .AddObjective("goal-1", objective));

        var reply = Assert.Single(await _app.SayAsync(clinician, $"show plan {given}"));
        var invoke = await _app.InvokeAsync(clinician, "plan.show", new { clientId = "client-wide", planId = "plan-client-wide" });

        Assert.True(reply.Attachments is { Count: > 0 }, $"No card was sent; the bot said: {ReplyText.Of(reply)}");
        AssertFitsAsSent(reply);
        var card = PlanFile.CardOf(reply);
        Assert.Empty(await AdaptiveCardsParser.ValidateAsync(card));
        Assert.True(BytesAsSent(invoke.Body) <= CardSize.TeamsLimitBytes, $"The invoke answer is {BytesAsSent(invoke.Body)} bytes.");
        Assert.Equal(CardSize.Utf8Bytes(System.Text.Json.Nodes.JsonNode.Parse(card.GetRawText())!), CardSize.Utf8Bytes(System.Text.Json.Nodes.JsonNode.Parse(PlanFile.CardOf(invoke).GetRawText())!));
        var text = PlanFile.Text(card);
        Assert.Contains("Some long entries are shortened here", text);
        Assert.Contains("…", text);
        // Nothing safety-relevant disappears without a word: every trigger and intervention to avoid is still there, at least its start.
        Assert.All(Enumerable.Range(1, 5), i => Assert.Contains(Wide($"Tr{i}", 12), text));
        Assert.All(Enumerable.Range(1, 5), i => Assert.Contains(Wide($"Av{i}", 12), text));
        Assert.Contains("Objective 1.1: " + Wide("Sp", 12), text);
    }

    [Fact]
    public async Task The_plan_card_of_a_plain_Latin_plan_at_every_input_limit_is_shown_in_full_without_a_shortening_note()
    {
        var clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        var today = PlanFile.Today(_app);
        static string Latin(string seed, int length) => string.Concat(Enumerable.Repeat(seed + " steady walking plan words ", length))[..(length - 1)].TrimEnd() + "z";
        var triggers = Enumerable.Range(1, 5).Select(i => Latin($"Trigger{i}", 149)).ToList();
        var avoid = Enumerable.Range(1, 5).Select(i => Latin($"Avoid{i}", 149)).ToList();
        await PlanFile.EnrolAsync(_app, "client-latin", clinician.UserId, "Latinus", "Example", profile => Enumerable.Range(0, 5).Aggregate(
            profile with { Pronouns = "they/them" },
            (p, i) => p.RecordDisclosure(new DisclosedEvent(today.AddDays(-i - 1), Latin($"Event{i}", 270))).AddTrigger(triggers[i]).AddInterventionToAvoid(avoid[i])));
        var tasks = Enumerable.Range(1, ObjectiveLimits.MaxTasks).Select(t => Latin($"Task{t}", ObjectiveLimits.Task)).ToList();
        var specific = Latin("Specific", ObjectiveLimits.Specific);
        await PlanFile.SavePlanAsync(_app, TreatmentPlan.Draft("plan-client-latin", "client-latin", today.AddDays(-30))
            .AddProblem(new Problem("problem-1", "Low mood most days", "depression", []))
            .AddGoal("problem-1", new Goal("goal-1", Latin("Goal", GoalText.MaxLength), []))
            .AddObjective("goal-1", new Objective(
                "obj-1", specific, new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, 22, 9, "PHQ-9"), null, Latin("Why", 300), today.AddDays(60),
                [.. tasks.Select((t, i) => new ClientTask($"task-{i}", t))],
                [.. Enumerable.Range(1, ObjectiveLimits.MaxInterventions).Select(i => new ClinicianIntervention($"int-{i}", Latin($"Intervention{i}", ObjectiveLimits.Intervention)))])));

        var reply = Assert.Single(await _app.SayAsync(clinician, "show plan Latinus"));

        AssertFitsAsSent(reply);
        var text = PlanFile.Text(PlanFile.CardOf(reply));
        Assert.DoesNotContain("shortened", text);
        Assert.DoesNotContain("…", text);
        Assert.All(triggers.Concat(avoid).Concat(tasks).Append(specific), entry => Assert.Contains(entry, text));
    }

    /// <summary>Every string on the message's cards: text blocks, facts, titles.</summary>
    private static string AllText(Activity activity) => string.Join("\n", (activity.Attachments ?? []).SelectMany(a => Strings(a.Content!.Value)));

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    private static void AssertFitsAsSent(Activity activity)
    {
        var bytes = BytesAsSent(activity);
        Assert.True(bytes <= CardSize.TeamsLimitBytes, $"The message is {bytes} bytes as sent; Teams accepts {CardSize.TeamsLimitBytes}.");
    }

    private static int BytesAsSent<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, BotJson.Options).Length;
}
