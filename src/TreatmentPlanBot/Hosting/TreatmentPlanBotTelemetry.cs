using System.Diagnostics;
using BotCore.Telemetry;

namespace TreatmentPlanBot.Hosting;

/// <summary>
/// The app's own spans (Microsoft Graph calls, in People/) beside the runtime's, and the log attributes that hold a
/// client's id: hashed before export like the runtime's ids of people (see <see cref="IdentifierHashingProcessor"/>).
/// </summary>
public static class TreatmentPlanBotTelemetry
{
    public const string Name = "TreatmentPlanBot";

    public static ActivitySource Source { get; } = new(Name);

    public static BotTelemetrySetup Setup { get; } = new(Name, [Name], ["ClientId", "InviteeId", "ClinicianId", "SupervisorId"]);
}
