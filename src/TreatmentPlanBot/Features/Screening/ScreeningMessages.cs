using TreatmentPlanning.Screening;

namespace TreatmentPlanBot.Features.Screening;

/// <summary>What the screening says about a draft: the summary to confirm, the saved message, and concern lists.</summary>
internal static class ScreeningMessages
{
    public static string Summary(ScreeningToSave draft)
    {
        var lines = new List<string> { $"**Screening summary for {draft.DisplayName}**" };
        if (draft.NewClient is { } details)
        {
            var contact = string.Join(", ", new[] { details.Contact.Phone, details.Contact.Email }.OfType<string>());
            lines.Add($"Contact: {contact}");
            lines.Add(details.EmergencyContact is { } e ? $"Emergency contact: {e.Name} ({e.Relationship}), {e.Phone}" : "Emergency contact: missing (the plan will flag it)");
            if (details.CommunityCare.Count > 0)
            {
                lines.Add("Also involved: " + string.Join("; ", details.CommunityCare.Select(p => $"{CurrentInformationParser.Describe(p.Role)}: {p.Name}")));
            }

            if (details.PastDiagnoses.Count > 0)
            {
                lines.Add("Past diagnoses: " + string.Join("; ", details.PastDiagnoses));
            }
        }

        lines.Add("Presenting concerns: " + (draft.Concerns.Count == 0 ? "none recorded" : Labels(Concerns(draft.Concerns))));
        lines.Add("Urgency: " + (draft.Urgency == ScreeningUrgency.Urgent ? "Urgent: " : string.Empty) + ScreeningUrgency.Describe(draft.Urgency));
        lines.Add("Prior treatment: " + (draft.PriorTreatment ? draft.NewClient?.PastTreatmentNote ?? "yes" : "none reported"));
        lines.Add(draft.Referral is { } referral ? $"Referral to {referral.Destination}: {referral.Reason}" : $"Fit: {draft.FitNote}");
        return string.Join("\n\n", lines);
    }

    public static string Saved(ScreeningToSave draft, ScreeningRecommendation recommendation, bool alreadySaved)
    {
        var parts = new List<string>
        {
            (draft.NewClient is null, alreadySaved) switch
            {
                (true, false) => $"Screening saved to {draft.DisplayName}'s record.",
                (true, true) => $"This screening was already saved to {draft.DisplayName}'s record; nothing was saved twice.",
                (false, false) => $"Screening saved. {draft.DisplayName} is now on your caseload.",
                (false, true) => $"This screening was already saved; nothing was saved twice. {draft.DisplayName} is now on your caseload.",
            },
        };
        if (draft.NewClient is { EmergencyContact: null })
        {
            parts.Add("Their plan will flag the missing emergency contact.");
        }

        if (draft.Referral is { } referral)
        {
            parts.Add($"The referral to {referral.Destination} is recorded and their status is now Referred.");
        }

        parts.Add("Recommended next: the assessments below, the suicide-risk screen first.");
        parts.AddRange(recommendation.Notes);
        return string.Join(" ", parts);
    }

    public static List<PresentingConcern> Concerns(IEnumerable<string> codes) => [.. codes.Select(PresentingConcerns.Find).OfType<PresentingConcern>()];

    // Staff entries may hold codes from before the vocabulary changed; an unknown code must not stop a screening.
    public static List<string> Known(IEnumerable<string>? codes) => [.. (codes ?? []).Where(c => PresentingConcerns.Find(c) is not null)];

    public static string Labels(IReadOnlyList<PresentingConcern> concerns)
    {
        var labels = concerns.Select(c => c.Label.ToLowerInvariant()).ToList();
        return labels.Count switch
        {
            0 => "none",
            1 => labels[0],
            _ => string.Join(", ", labels[..^1]) + " and " + labels[^1],
        };
    }

    public static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>"Low mood is" / "Low mood and alcohol use are": a list of concerns as the subject of a sentence.</summary>
    public static string AreSubject(IReadOnlyList<PresentingConcern> concerns) =>
        $"{Capitalised(Labels(concerns))} {(concerns.Count == 1 ? "is" : "are")}";
}
