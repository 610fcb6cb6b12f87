namespace TreatmentPlanning.Plans;

/// <summary>An operation the plan's rules do not allow; the message is worded for the clinician.</summary>
public sealed class PlanRuleException(string message) : InvalidOperationException(message);
