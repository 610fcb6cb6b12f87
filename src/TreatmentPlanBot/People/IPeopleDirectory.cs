using BotCore.Schema;

namespace TreatmentPlanBot.People;

/// <summary>
/// Finds people in the clinic's organisation: the people picker behind inviting a client and enrolling staff.
/// Microsoft Graph in a deployment; the Agents Playground's user list in a local run.
/// </summary>
public interface IPeopleDirectory
{
    /// <summary>
    /// People whose name (any word of it) or email starts with <paramref name="nameOrEmail"/>, at most
    /// <paramref name="limit"/> (1-25), ordered by name. Nobody matching is <see cref="DirectoryOutcome.NotFound"/>.
    /// </summary>
    Task<DirectoryResult<IReadOnlyList<Person>>> SearchAsync(string tenantId, string nameOrEmail, int limit = 10, CancellationToken cancellationToken = default);

    /// <summary>One person by Entra object id.</summary>
    Task<DirectoryResult<Person>> GetAsync(string tenantId, string userId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Reaches someone who has never chatted with the bot: installs the clinic's Teams app for them (a no-op when it is
/// installed already) and returns the address of their personal chat with the bot, ready for
/// <c>IConnectorClient.SendToConversationAsync(reference.ServiceUrl, reference.Conversation.Id, ...)</c>.
/// Someone who has chatted already is better reached through the reference stored from their last turn.
/// </summary>
public interface ITeamsAppInstaller
{
    Task<DirectoryResult<ConversationReference>> EnsureInstalledAsync(string tenantId, string userId, CancellationToken cancellationToken = default);
}
