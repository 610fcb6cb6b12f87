using System.Text.Json;
using BotCore.Schema;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;

namespace TreatmentPlanBot.Tests.Features.Assessment;

/// <summary>A small clinic for the assessment tests: a supervisor, a clinician, their client, and card readers.</summary>
internal static class AssessmentConversation
{
    public const string ClientId = "client-1";

    public static async Task<TestUser> ClinicianAsync(BotTestApp app, string? supervisorId = null, string userId = "clin-1", string name = "Casey Clinician") =>
        await app.AddStaffAsync(userId, name, StaffRoles.Clinician, supervisorId: supervisorId);

    /// <summary>A supervisor who has opened a chat with the bot, so it knows where to reach them.</summary>
    public static async Task<TestUser> SupervisorInChatAsync(BotTestApp app)
    {
        var supervisor = await app.AddStaffAsync("sup-1", "Sam Supervisor", StaffRoles.Supervisor);
        await app.SayAsync(supervisor, "help");
        return supervisor;
    }

    public static async Task EnrolAsync(BotTestApp app, string clinicianId = "clin-1", string clientId = ClientId, string given = "Alex", string family = "Example")
    {
        await app.Get<ClientRecords>().CreateAsync(
            new ClientEnrolment(clientId, BotTestApp.Tenant, clinicianId, $"{given} {family}", ClientStatus.Assessment, DateTimeOffset.UnixEpoch),
            ClientProfile.New(clientId, new PersonName(given, family)), default);
        await app.Get<CaseloadRefresher>().RefreshAsync(clientId, default);
    }

    /// <summary>"assess Alex", the measure, and (where asked) one-by-one; returns the first question's reply.</summary>
    public static async Task<IReadOnlyList<Activity>> StartItemByItemAsync(BotTestApp app, TestUser clinician, string instrument)
    {
        await app.SayAsync(clinician, "assess Alex");
        var afterMeasure = await app.SayAsync(clinician, instrument);
        return ReplyText.All(afterMeasure).Contains("How shall we do", StringComparison.Ordinal)
            ? await app.SayAsync(clinician, "one by one")
            : afterMeasure;
    }

    /// <summary>The answer button of an item card with this value, as Teams would submit it.</summary>
    public static object Button(IReadOnlyList<Activity> replies, string value)
    {
        var data = ItemCardButtons(replies).First(d => d.GetProperty("value").GetString() == value);
        return JsonSerializer.Deserialize<Dictionary<string, object>>(data.GetRawText())!;
    }

    public static int ItemNumberOf(IReadOnlyList<Activity> replies) => ItemCardButtons(replies).First().GetProperty("itemNumber").GetInt32();

    public static IEnumerable<JsonElement> ItemCardButtons(IReadOnlyList<Activity> replies) =>
        CardsIn(replies).SelectMany(Actions).Where(a => a.TryGetProperty("data", out var d) && d.TryGetProperty("itemNumber", out _)).Select(a => a.GetProperty("data"));

    public static IEnumerable<JsonElement> CardsIn(IEnumerable<Activity> replies) =>
        replies.SelectMany(r => r.Attachments ?? []).Where(a => a.Content is { ValueKind: JsonValueKind.Object }).Select(a => a.Content!.Value);

    /// <summary>The session id the form card submits with.</summary>
    public static string FormSessionOf(IReadOnlyList<Activity> replies) =>
        CardsIn(replies).SelectMany(Actions).Select(a => a.GetProperty("data")).First(d => d.TryGetProperty("sessionId", out _)).GetProperty("sessionId").GetString()!;

    /// <summary>Everything the bot has sent into this user's personal chat so far.</summary>
    public static IReadOnlyList<Activity> SentTo(BotTestApp app, TestUser user) =>
        [.. app.Connector.Calls.Where(c => c.Method == "POST" && c.Activity?.Conversation?.Id == user.PersonalConversationId).Select(c => c.Activity!)];

    private static IEnumerable<JsonElement> Actions(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("type", out var type) && type.GetString() is "Action.Submit" or "Action.Execute")
            {
                yield return element;
            }

            foreach (var property in element.EnumerateObject())
            {
                foreach (var found in Actions(property.Value))
                {
                    yield return found;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var found in Actions(item))
                {
                    yield return found;
                }
            }
        }
    }
}
