namespace BotCore.Telemetry;

/// <summary>Settings of the exported telemetry (section <c>Telemetry</c>). Exporters themselves follow the standard variables.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// Key of the keyed hash (HMAC-SHA256) that replaces the ids of people and conversations in exported log records, so
    /// the records of one person can be followed without naming them. Empty: a new random key each time the process
    /// starts (records correlate within one instance's lifetime only). Keep it secret: with the key, a known id can be
    /// matched to its hash.
    /// </summary>
    public string? IdentifierHashKey { get; set; }
}

/// <summary>
/// What the application adds to the runtime's telemetry: its service name, its own activity sources and meters, and
/// the log attribute names that hold ids of people (hashed before export, as <see cref="BotTelemetrySetup.DefaultIdentifierAttributes"/> are).
/// </summary>
public sealed record BotTelemetrySetup(string ServiceName, IReadOnlyList<string> Sources, IReadOnlyList<string> IdentifierAttributes)
{
    /// <summary>Log attribute names that carry a person's or a conversation's id in the runtime's own log messages.</summary>
    public static IReadOnlyList<string> DefaultIdentifierAttributes { get; } =
        ["UserId", "UserAadObjectId", "AadObjectId", "ActorId", "SubjectId", "ConversationId", "MemberId", "RecipientId"];

    public IEnumerable<string> AllSources => Sources.Prepend(BotTelemetry.Name);

    public IEnumerable<string> AllIdentifierAttributes => DefaultIdentifierAttributes.Concat(IdentifierAttributes);
}
