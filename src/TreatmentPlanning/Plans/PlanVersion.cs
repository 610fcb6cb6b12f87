namespace TreatmentPlanning.Plans;

/// <summary>The clinical content of one plan version as it was signed (or last edited), kept readable after a revision.</summary>
public sealed record PlanVersion(int Number, string ContentHash, IReadOnlyList<Problem> Problems, IReadOnlyList<Signature> Signatures);
