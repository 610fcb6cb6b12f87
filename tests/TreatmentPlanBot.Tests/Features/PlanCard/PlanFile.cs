using System.Text;
using System.Text.Json;
using BotCore.Schema;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Tests.Support;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Plans;

namespace TreatmentPlanBot.Tests.Features.PlanCard;

/// <summary>Arranges a client's file directly in storage with the domain API, and reads cards the way a user would.</summary>
internal static class PlanFile
{
    public static DateOnly Today(BotTestApp app) => DateOnly.FromDateTime(app.Get<TimeProvider>().GetUtcNow().UtcDateTime);

    public static string Display(DateOnly date) => date.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task EnrolAsync(BotTestApp app, string clientId, string clinicianId, string given, string family, Func<ClientProfile, ClientProfile>? profile = null)
    {
        var records = app.Get<ClientRecords>();
        var enrolment = new ClientEnrolment(clientId, BotTestApp.Tenant, clinicianId, $"{given} {family}", ClientStatus.Active, app.Get<TimeProvider>().GetUtcNow());
        var start = ClientProfile.New(clientId, new PersonName(given, family));
        await records.CreateAsync(enrolment, profile is null ? start : profile(start), CancellationToken.None);
        await app.Get<CaseloadRefresher>().RefreshAsync(clientId, CancellationToken.None);
    }

    public static Objective Objective(string id, DateOnly due, string behaviour = "Fewer days of low mood, measured weekly", decimal baseline = 18, decimal target = 9) =>
        new(id, behaviour, new ObjectiveMeasure(MeasureType.InstrumentScore, ChangeDirection.Decrease, baseline, target, "PHQ-9"), null,
            "I want my energy back for my children", due, [new ClientTask($"{id}-task", "Keep a short mood diary")], [new ClinicianIntervention($"{id}-int", "Behavioural activation")]);

    /// <summary>A draft plan started a month ago: one problem, one goal, the given objectives.</summary>
    public static TreatmentPlan Plan(string clientId, DateOnly today, params Objective[] objectives)
    {
        var plan = TreatmentPlan.Draft($"plan-{clientId}", clientId, today.AddDays(-30))
            .AddProblem(new Problem("problem-1", "Low mood most days", "depression", []))
            .AddGoal("problem-1", new Goal("goal-1", "I want to enjoy my weekends again", []));
        return objectives.Aggregate(plan, (p, o) => p.AddObjective("goal-1", o));
    }

    public static async Task<string> SavePlanAsync(BotTestApp app, TreatmentPlan plan)
    {
        var etag = await app.Get<ClientRecords>().SavePlanAsync(plan, null, CancellationToken.None);
        await app.Get<CaseloadRefresher>().RefreshAsync(plan.ClientId, CancellationToken.None);
        return etag;
    }

    public static async Task<Versioned<TreatmentPlan>> StoredPlanAsync(BotTestApp app, string clientId) =>
        (await app.Get<ClientRecords>().GetPlanAsync(clientId, CancellationToken.None))!;

    public static JsonElement CardOf(Activity activity)
    {
        var attachment = Assert.Single(activity.Attachments!);
        Assert.Equal(ContentTypes.AdaptiveCard, attachment.ContentType);
        return attachment.Content!.Value;
    }

    /// <summary>The card an Action.Execute answered with (fails when it answered with a message).</summary>
    public static JsonElement CardOf((int Status, JsonElement Body) invoke)
    {
        Assert.Equal(200, invoke.Status);
        Assert.True(invoke.Body.GetProperty("type").GetString() == ContentTypes.AdaptiveCard, $"Expected a card, got: {invoke.Body}");
        return invoke.Body.GetProperty("value");
    }

    public static string MessageOf((int Status, JsonElement Body) invoke)
    {
        Assert.Equal(200, invoke.Status);
        Assert.Equal(ContentTypes.ActivityMessage, invoke.Body.GetProperty("type").GetString());
        return invoke.Body.GetProperty("value").GetString()!;
    }

    /// <summary>Everything a user can read on the card: texts, fact titles and values, button titles.</summary>
    public static string Text(JsonElement card)
    {
        var builder = new StringBuilder();
        void Walk(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (property.Name is "text" or "title" or "value" or "label" && property.Value.ValueKind == JsonValueKind.String)
                        {
                            builder.AppendLine(property.Value.GetString());
                        }
                        else if (property.Name is not "data")
                        {
                            Walk(property.Value);
                        }
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Walk(item);
                    }

                    break;
            }
        }

        Walk(card);
        return builder.ToString();
    }

    /// <summary>The Action.Execute buttons on the card, anywhere in it.</summary>
    public static IReadOnlyList<(string Title, string Verb, JsonElement Data)> Actions(JsonElement card)
    {
        var actions = new List<(string, string, JsonElement)>();
        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty("type", out var type) && type.GetString() == "Action.Execute")
                {
                    actions.Add((element.GetProperty("title").GetString()!, element.GetProperty("verb").GetString()!, element.GetProperty("data")));
                }

                foreach (var property in element.EnumerateObject().Where(p => p.Name != "fallback"))
                {
                    Walk(property.Value);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item);
                }
            }
        }

        Walk(card);
        return actions;
    }

    /// <summary>The card's data for a button, merged with what the clinician typed (as Teams merges inputs by id).</summary>
    public static Dictionary<string, string> With(JsonElement data, object? inputs = null)
    {
        var merged = data.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
        if (inputs is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(inputs).EnumerateObject())
            {
                merged[property.Name] = property.Value.GetString()!;
            }
        }

        return merged;
    }

    public static int Utf8Size(JsonElement card) => Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(card, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
}
