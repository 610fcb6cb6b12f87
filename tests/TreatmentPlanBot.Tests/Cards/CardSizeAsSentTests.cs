using System.Text.Json;
using BotCore.Cards;
using BotCore.Schema;
using BotCore.Testing;
using TreatmentPlanBot.Features.Admin;
using TreatmentPlanBot.Features.Planning;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
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
