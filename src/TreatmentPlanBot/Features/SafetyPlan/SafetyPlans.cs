using BotCore.Storage;
using TreatmentPlanBot.Security;
using TreatmentPlanning.Safety;

namespace TreatmentPlanBot.Features.SafetyPlan;

/// <summary>What became of a save: the version stored (or found already stored from the same form), or what to fix.</summary>
public sealed record SafetyPlanSaved(TreatmentPlanning.Safety.SafetyPlan? Plan, bool AlreadySaved, IReadOnlyList<string> Problems);

/// <summary>
/// A client's safety plans on their file: the latest version for whoever may read the clinical record (session prep, the
/// plan card), and saving a new version. Every read and write goes through <see cref="ClientFiles"/> (checked, audited).
/// </summary>
public sealed class SafetyPlans(ClientFiles files)
{
    public const string RecordName = "safety plan";

    /// <summary>The latest safety plan of a client, for a caller who may read their clinical record; null when none is saved or access is refused.</summary>
    public async Task<TreatmentPlanning.Safety.SafetyPlan?> LatestAsync(Caller caller, string clientId, CancellationToken cancellationToken)
    {
        var opened = await files.OpenClinicalViewAsync(caller, clientId, RecordName, cancellationToken).ConfigureAwait(false);
        return opened.File is { } file ? await LatestAsync(file, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>The latest safety plan on a file already opened (its opening was checked and audited).</summary>
    public static async Task<TreatmentPlanning.Safety.SafetyPlan?> LatestAsync(ClinicalView file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        return (await file.ListSafetyPlansAsync(cancellationToken).ConfigureAwait(false)).LastOrDefault();
    }

    /// <summary>
    /// Saves <paramref name="draft"/> as the next version. The form's draft id makes a second press (or a re-run turn) find
    /// the version the first one stored; a colleague's save of the same number meanwhile moves this one to the next number.
    /// </summary>
    public static async Task<SafetyPlanSaved> SaveAsync(ClinicianFile file, TreatmentPlanning.Safety.SafetyPlan draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(draft);
        var problems = SafetyPlanRules.Problems(draft.Assessment, draft.Sections);
        if (problems.Count > 0)
        {
            return new SafetyPlanSaved(null, false, problems);
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var versions = await file.ListSafetyPlansAsync(cancellationToken).ConfigureAwait(false);
            if (versions.FirstOrDefault(v => draft.DraftId is not null && v.DraftId == draft.DraftId) is { } stored)
            {
                return new SafetyPlanSaved(stored, true, []);
            }

            var next = draft with { Version = (versions.LastOrDefault()?.Version ?? 0) + 1 };
            try
            {
                await file.AddSafetyPlanAsync(next, cancellationToken).ConfigureAwait(false);
                return new SafetyPlanSaved(next, false, []);
            }
            catch (StorageException exception) when (exception.Kind == StorageErrorKind.AlreadyExists)
            {
            }
        }

        throw new StorageException(StorageErrorKind.Conflict, "The safety plan kept changing while it was being saved.");
    }
}
