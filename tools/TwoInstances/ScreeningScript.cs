using TreatmentPlanBot.Features.CurrentInformation;
using TreatmentPlanBot.Features.Screening;

namespace TwoInstances;

/// <summary>
/// What each conversation does, again and again: a clinician screens a new client from "new client" to the saved
/// summary (sixteen turns, one of them a typing mistake the bot asks again about), so every pass stores one client.
/// Each turn names words its reply must hold: a reply from a step other than the one the conversation is on means the
/// instance that took the turn did not see the turn before it.
/// </summary>
public static class ScreeningScript
{
    public const string SavedWords = "is now on your caseload";

    /// <summary>The client's family name in pass <paramref name="pass"/> of conversation <paramref name="conversation"/>: unique in the run.</summary>
    public static string FamilyName(int conversation, int pass) => $"Sample {conversation:D3}-{pass:D4}";

    public static string DisplayName(int conversation, int pass) => $"Ave {FamilyName(conversation, pass)}";

    public static IReadOnlyList<(string Say, string Expect)> Turns(int conversation, int pass) =>
    [
        ("new client", CurrentInformationDialog.AskGivenName),
        ("Avery", CurrentInformationDialog.AskFamilyName),
        (FamilyName(conversation, pass), CurrentInformationDialog.AskPreferredName),
        ("Ave", CurrentInformationDialog.AskPronouns),
        ("they/them", CurrentInformationDialog.AskContact),
        ("call them maybe", "at least one way to reach them"),
        ("+1 (555) 010-0199 and avery@example.org", CurrentInformationDialog.AskEmergencyContact),
        ("Jordan Example, partner, 555 0100 123", CurrentInformationDialog.AskCommunityCare),
        ("psychiatrist: Dr Lee Example; GP: Dr Okafor Example", CurrentInformationDialog.AskTreatedBefore),
        ("yes", CurrentInformationDialog.AskTreatmentNote),
        ("CBT for anxiety in 2023, eight sessions, helped", CurrentInformationDialog.AskPastDiagnoses),
        ("Generalised anxiety disorder; insomnia", ScreeningDialog.AskConcerns),
        ("Low mood, worry or anxiety", ScreeningDialog.AskOwnWords),
        ("I feel flat and can't stop worrying about work", ScreeningDialog.AskUrgency),
        ("routine", ScreeningDialog.AskSave),
        ("yes", $"{DisplayName(conversation, pass)} {SavedWords}"),
    ];
}
