namespace TreatmentPlanning.Plans;

/// <summary>A referral elsewhere: why, to whom or which service, and when.</summary>
public sealed record Referral(string Id, string Reason, string Destination, DateOnly ReferredOn);
