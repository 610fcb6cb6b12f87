using System.Collections.Concurrent;
using BotCore.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TreatmentPlanBot.People;

namespace TreatmentPlanBot.Tests.Support;

/// <summary>
/// Stands in for installing the Teams app through Microsoft Graph (tested on its own against the fake Graph): people it
/// knows get a personal chat on the test's <see cref="FakeConnector"/>, with the conversation id Teams would use for
/// them; anyone else is not in the directory. Records who was asked for.
/// </summary>
public sealed class FakeInstaller : ITeamsAppInstaller
{
    public ConcurrentDictionary<string, DirectoryResult<ConversationReference>?> People { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Asked { get; } = new();

    /// <summary>The connector the chats it opens live on (the test app's, set once it has started).</summary>
    public string ServiceUrl { get; set; } = string.Empty;

    /// <summary>Installs for <paramref name="userId"/> will work.</summary>
    public void Knows(string userId) => People[userId] = null;

    public Task<DirectoryResult<ConversationReference>> EnsureInstalledAsync(string tenantId, string userId, CancellationToken cancellationToken = default)
    {
        Asked.Enqueue(userId);
        if (!People.TryGetValue(userId, out var result))
        {
            return Task.FromResult(new DirectoryResult<ConversationReference>(DirectoryOutcome.NotFound, null, 404));
        }

        return Task.FromResult(result ?? DirectoryResult<ConversationReference>.Found(new ConversationReference
        {
            ChannelId = "msteams",
            ServiceUrl = ServiceUrl,
            Conversation = new ConversationAccount { Id = new TestUser(userId, string.Empty).PersonalConversationId, ConversationType = "personal", TenantId = tenantId },
            Bot = new ChannelAccount { Id = "28:bot", Name = "TreatmentPlanBot" },
            User = new ChannelAccount { Id = $"29:{userId}", AadObjectId = userId },
        }));
    }

    /// <summary>Starts the test app with this installer in place of the directory's.</summary>
    public static async Task<(BotTestApp App, FakeInstaller Installer)> StartAppAsync(IDictionary<string, string?>? settings = null)
    {
        var installer = new FakeInstaller();
        var app = await BotTestApp.StartAsync(settings: settings, services: s => s.AddSingleton<ITeamsAppInstaller>(installer));
        installer.ServiceUrl = app.Connector.ServiceUrl;
        return (app, installer);
    }
}
