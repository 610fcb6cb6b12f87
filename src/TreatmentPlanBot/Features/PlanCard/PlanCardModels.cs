using System.Text.Json.Serialization;
using TreatmentPlanBot.Charts;

namespace TreatmentPlanBot.Features.PlanCard;

// View models of cards/plan.json, objective-edit.json and objective-progress.json (shapes documented in cards/README.md).
// Optional values are left out rather than sent as null: the templates test them with exists().

public sealed record PlanCardModel(
    string ClientId,
    string PlanId,
    string PlanVersion,
    PlanViewer Viewer,
    PlanClient Client,
    PlanSummary Plan,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PlanInsurance? Insurance,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TraumaOverviewView? TraumaOverview,
    PlanPaging Paging,
    IReadOnlyList<GoalView> Goals)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Notice { get; init; }

    /// <summary>When the plan is next reviewed, and when it last was (<see cref="PlanReviewView"/>).</summary>
    public PlanReviewView? Review { get; init; }

    /// <summary>Set when long entries on this page are shortened to fit Teams: says so, and where the full text is.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Shortened { get; init; }

    /// <summary>The client's latest safety plan, when there is one (Features/SafetyPlan).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SafetyPlan { get; init; }

    /// <summary>The supervisor's latest notes on the plan (newest first); absent when there are none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SupervisionNoteView>? SupervisionNotes { get; init; }

    /// <summary>Who signed which version and what the viewer may do about it (a few short lines, measured with the page).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PlanSigningView? Signing { get; init; }
}

public sealed record SupervisionNoteView(string WrittenOn, string Author, string Text);

public sealed record PlanViewer(bool IsClinician, bool CanEdit);

public sealed record PlanClient(
    string DisplayName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Pronouns,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EmergencyContactView? EmergencyContact,
    IReadOnlyList<ProviderView> Providers);

public sealed record EmergencyContactView(string Name, string Phone);

public sealed record ProviderView(string Role, string Name, string Phone);

/// <param name="Header">The line under the heading: version and how far it is signed, e.g. "Version 1 · signed by you, waiting for Jordan Example".</param>
public sealed record PlanSummary(int VersionNumber, string Header);

/// <param name="Projection">When the sessions left run out at the planned frequency, and whether they cover the open objectives.</param>
/// <param name="Ending">Running low or about to expire (the clinic's thresholds), in words; absent otherwise.</param>
public sealed record PlanInsurance(
    string Payer,
    int SessionsUsed,
    int SessionsAuthorised,
    int SessionsLeft,
    string AuthorisationExpires,
    string Projection,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ending,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProjectionWarning);

public sealed record TraumaOverviewView(IReadOnlyList<string> SignificantEvents, IReadOnlyList<string> Triggers, IReadOnlyList<string> InterventionsToAvoid);

public sealed record PlanPaging(
    int Page,
    int FirstGoal,
    int LastGoal,
    int GoalCount,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PreviousPage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? NextPage);

public sealed record GoalView(
    string GoalId,
    int Number,
    string Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProblemArea,
    IReadOnlyList<ObjectiveView> Objectives)
{
    /// <summary>The problem statement typed when the goal was created (clinical wording: staff see it, the client's view does not).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Problem { get; init; }
}

public sealed record ObjectiveView(
    string ObjectiveId,
    string Number,
    string Specific,
    MeasureView Measure,
    string Status,
    string AnticipatedCompletion,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ActualCompletion,
    bool IsOverdue,
    IReadOnlyList<string> ClientTasks,
    IReadOnlyList<string> Interventions)
{
    /// <summary>Set when "Mark achieved" was pressed before the latest reading reached the target: the question, and the button confirms.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ConfirmAchieve { get; init; }

    /// <summary>The objective's outcome chart, for a measured objective with scores.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ChartView? Chart { get; init; }

    /// <summary>How accurate the projection was, once achieved: "Achieved 12 days after the date first anticipated (…)".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Accuracy { get; init; }
}

/// <summary>Values are numbers, or words for done / not done (object so each serialises as what it is).</summary>
public sealed record MeasureView(
    string Name,
    string Unit,
    string Direction,
    object Baseline,
    object Target,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Latest,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LatestDate);

public sealed record ObjectiveEditModel(
    string ClientId,
    string PlanId,
    string PlanVersion,
    string ObjectiveId,
    EditClient Client,
    EditGoal Goal,
    EditObjective Objective,
    ObjectiveForm Form,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings,
    string ConfirmedWarnings);

public sealed record EditClient(string DisplayName);

public sealed record EditGoal(int Number, string Text);

public sealed record EditObjective(string Number, MeasureBounds Measure);

public sealed record MeasureBounds(string Name, string Unit, string Direction, decimal Min, decimal Max);

public sealed record ObjectiveForm(
    string Specific,
    string Relevance,
    decimal? Target,
    string AnticipatedCompletion,
    string Status,
    string ClientTasks,
    string Interventions);

/// <param name="ReadingId">Which reading this form records: drawn when the form is first shown, carried by its Save.</param>
public sealed record ObjectiveProgressModel(
    string ClientId,
    string PlanId,
    string PlanVersion,
    string ObjectiveId,
    string ReadingId,
    string Today,
    EditClient Client,
    ProgressObjective Objective,
    ProgressForm Form,
    IReadOnlyList<string> Errors);

public sealed record ProgressObjective(string Number, string Specific, ProgressMeasure Measure);

public sealed record ProgressMeasure(
    string Name,
    string Unit,
    string Direction,
    decimal Min,
    decimal Max,
    object Baseline,
    object Target,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Latest,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LatestDate);

public sealed record ProgressForm(decimal? Value, string RecordedOn, string Note);
