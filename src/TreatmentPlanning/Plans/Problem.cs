namespace TreatmentPlanning.Plans;

/// <summary>A problem the plan addresses; <see cref="AreaId"/> is the template area it was drafted from, if any.</summary>
public sealed record Problem(string Id, string Statement, string? AreaId, IReadOnlyList<Goal> Goals);

/// <summary>A goal, kept in the client's own words.</summary>
public sealed record Goal(string Id, string InClientsWords, IReadOnlyList<Objective> Objectives);
