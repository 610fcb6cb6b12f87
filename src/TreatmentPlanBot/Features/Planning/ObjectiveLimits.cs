namespace TreatmentPlanBot.Features.Planning;

/// <summary>
/// How much an objective holds, checked where it is typed (the planning dialog and the plan card's edit form). The plan
/// card's worst case (cards/README.md) assumes at most five tasks and five interventions and 300 characters of
/// objective text: that keeps every card under Teams' 28 KB and the plan row within Table Storage's property limit.
/// </summary>
public static class ObjectiveLimits
{
    public const int Specific = 300;
    public const int Relevance = 300;
    public const int WhatIsMeasured = 60;
    public const int MaxTasks = 5;
    public const int Task = 150;
    public const int MaxInterventions = 5;
    public const int Intervention = 100;
}

/// <summary>The room left on a typed list: how many more lines it takes, and how long each may be.</summary>
public sealed record ListRoom(int Lines, int LineLength);
