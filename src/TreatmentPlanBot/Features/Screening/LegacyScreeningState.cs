using System.Text.Json;
using System.Text.Json.Nodes;
using BotCore.Schema;
using TreatmentPlanBot.Features.CurrentInformation;
using TreatmentPlanning.Clients;
using TreatmentPlanning.Screening;

namespace TreatmentPlanBot.Features.Screening;

/// <summary>
/// Reads a screening that was in flight when the typed draft was deployed: until then the dialog kept each answer
/// under its own key in waterfall values ("screening.steps", "screening.current-information", "screening.referral",
/// "screening.save"), and a waterfall's step index said which question was open. Everything answered is carried into a
/// <see cref="ScreeningDraft"/>; the open question is asked again. Captured examples: tests' Fixtures/ScreeningState.
/// </summary>
public static class LegacyScreeningState
{
    private const string ReferredOn = "Referred on.";

    /// <summary>The ids on the screening's stored inner stack, to compare with the dialogs this version has.</summary>
    public static IEnumerable<string> StoredDialogIds(JsonObject screeningState) =>
        Stack(screeningState).Select(i => i?["id"]?.GetValue<string>() ?? string.Empty);

    /// <summary>The draft the old state stands for, or null when it cannot be read.</summary>
    public static ScreeningDraft? Migrate(JsonObject screeningState)
    {
        try
        {
            var stack = Stack(screeningState).OfType<JsonObject>().ToDictionary(i => i["id"]!.GetValue<string>(), i => i["state"] as JsonObject ?? []);
            if (!stack.TryGetValue("screening.steps", out var main))
            {
                return null;
            }

            var values = main["values"] as JsonObject ?? [];
            var options = main["options"] as JsonObject ?? [];
            var step = main["stepIndex"]?.GetValue<int>() ?? 0;
            var details = Read<CurrentInformationDetails>(values, "details");
            var draft = new ScreeningDraft
            {
                NewClient = Read<bool?>(values, "newClient") ?? Read<bool?>(options, "newClient") ?? true,
                ClientQuery = Read<string>(options, "clientQuery"),
                ClientId = Read<string>(values, "clientId"),
                DisplayName = Read<string>(values, "displayName"),
                Details = details,
                Concerns = Read<List<string>>(values, "concerns"),
                OwnWords = step >= 3 ? new Answer<string>(Read<string>(values, "ownWords")) : null,
                Urgency = Read<string>(values, "urgency"),
                PriorTreatment = Read<bool?>(values, "priorTreatment") ?? details?.TreatedBefore,
                Check = Check(values),
                Fit = Read<string>(values, "fitNote") is { } note ? new FitOutcome(Read<bool?>(values, "fitsClinician") ?? false, note, note == ReferredOn) : null,
            };
            if (stack.TryGetValue("screening.current-information", out var intake))
            {
                draft = draft with { IntakeSoFar = Intake(intake) };
            }

            if (stack.TryGetValue("screening.referral", out var referral))
            {
                draft = draft with { ReferralReason = Read<string>(referral["values"] as JsonObject ?? [], "reason") };
            }

            if (stack.TryGetValue("screening.save", out var save) && save["options"]?["referral"] is JsonObject decided)
            {
                draft = draft with { ReferralReason = Read<string>(decided, "reason"), ReferralDestination = Read<string>(decided, "destination") };
            }

            return draft with { Urgency = ScreeningUrgency.IsKnown(draft.Urgency) ? draft.Urgency : null };
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static FitCheck? Check(JsonObject values)
    {
        if (Read<FitVerdict?>(values, "verdict") is not { } verdict || verdict == FitVerdict.Fits)
        {
            return null;
        }

        var concerns = verdict == FitVerdict.Confirm ? Read<string>(values, "unlisted") : Read<string>(values, "notTreated");
        return new FitCheck(verdict, Read<string>(values, "suggestedReason") ?? string.Empty, concerns ?? string.Empty);
    }

    // The old waterfall's step index is the question that was open: every question before it had been answered, and
    // an optional one without a value was skipped.
    private static CurrentInformationDraft Intake(JsonObject state)
    {
        var values = state["values"] as JsonObject ?? [];
        var open = state["stepIndex"]?.GetValue<int>() ?? 0;
        bool Answered(CurrentInformationQuestion question) => (int)question < open;
        return new CurrentInformationDraft
        {
            GivenName = Read<string>(values, "given"),
            FamilyName = Read<string>(values, "family"),
            PreferredName = Answered(CurrentInformationQuestion.PreferredName) ? new(Read<string>(values, "preferred")) : null,
            Pronouns = Answered(CurrentInformationQuestion.Pronouns) ? new(Read<string>(values, "pronouns")) : null,
            Contact = Read<ContactDetails>(values, "contact"),
            EmergencyContact = Answered(CurrentInformationQuestion.EmergencyContact) ? new(Read<EmergencyContact>(values, "emergency")) : null,
            CommunityCare = Answered(CurrentInformationQuestion.CommunityCare) ? Read<List<CommunityCareProvider>>(values, "care") ?? [] : null,
            TreatedBefore = Read<bool?>(values, "treatedBefore"),
            PastTreatmentNote = Answered(CurrentInformationQuestion.PastTreatmentNote) ? new(Read<string>(values, "treatmentNote")) : null,
        };
    }

    private static T? Read<T>(JsonObject values, string name) =>
        values.TryGetPropertyValue(name, out var node) && node is not null ? node.Deserialize<T>(BotJson.Options) : default;

    private static IEnumerable<JsonNode?> Stack(JsonObject screeningState) =>
        screeningState["dialogs"]?["dialogStack"] as JsonArray ?? [];
}
