using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TreatmentPlanning.Plans;

/// <summary>
/// SHA-256 of a canonical serialisation of a plan's clinical content: the plan and client ids, problems, goals,
/// each objective's SMART definition, client tasks and clinician interventions. Progress (objective status,
/// actual completion), reviews, referrals and signatures are left out, so recording progress does not
/// invalidate a signature, while changing what was agreed does.
/// </summary>
public static class PlanContentHash
{
    // Fixed options, independent of whatever the caller stores the plan with: the hash must never change
    // because serialisation settings elsewhere did.
    private static readonly JsonSerializerOptions Canonical = CreateOptions();

    public static string Compute(string planId, string clientId, IReadOnlyList<Problem> problems)
    {
        var content = new CanonicalPlan(
            planId,
            clientId,
            [.. problems.Select(p => new CanonicalProblem(
                p.Id,
                p.Statement,
                p.AreaId,
                [.. p.Goals.Select(g => new CanonicalGoal(g.Id, g.InClientsWords, [.. g.Objectives.Select(Canonicalise)]))]))]);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(content, Canonical);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static CanonicalObjective Canonicalise(Objective o) => new(
        o.Id,
        o.Behaviour,
        o.Measure is { } m
            ? new CanonicalMeasure(m.Type, m.Direction, Normalise(m.Baseline), Normalise(m.Target), m.MeasureId, m.Unit)
            : null,
        o.AttainabilityNote,
        o.Relevance,
        o.AnticipatedCompletion,
        [.. o.ClientTasks],
        [.. o.Interventions]);

    // 14 and 14.0 are the same target; decimal keeps the scale, so strip trailing zeros before hashing.
    private static decimal? Normalise(decimal? value) => value / 1.0000000000000000000000000000m;

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed record CanonicalPlan(string PlanId, string ClientId, IReadOnlyList<CanonicalProblem> Problems);

    private sealed record CanonicalProblem(string Id, string Statement, string? AreaId, IReadOnlyList<CanonicalGoal> Goals);

    private sealed record CanonicalGoal(string Id, string InClientsWords, IReadOnlyList<CanonicalObjective> Objectives);

    private sealed record CanonicalObjective(
        string Id,
        string Behaviour,
        CanonicalMeasure? Measure,
        string? AttainabilityNote,
        string? Relevance,
        DateOnly? AnticipatedCompletion,
        IReadOnlyList<ClientTask> ClientTasks,
        IReadOnlyList<ClinicianIntervention> Interventions);

    private sealed record CanonicalMeasure(
        MeasureType Type,
        ChangeDirection Direction,
        decimal? Baseline,
        decimal? Target,
        string? MeasureId,
        string? Unit);
}
