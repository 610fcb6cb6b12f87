using BotCore.Storage;

namespace BotCore.State;

/// <summary>State shared by everyone in one conversation: <c>{channelId}/conversations/{conversationId}</c>. Dialog stacks live here.</summary>
public sealed class ConversationState(IStorage storage) : BotState(storage, nameof(ConversationState))
{
    public override string GetStorageKey(ITurnContext turnContext)
    {
        var (channelId, conversationId, _) = StateKeys.Parts(turnContext, needUser: false);
        return $"{channelId}/conversations/{conversationId}";
    }
}

/// <summary>State of one user across all their conversations with the bot: <c>{channelId}/users/{userId}</c>.</summary>
public sealed class UserState(IStorage storage) : BotState(storage, nameof(UserState))
{
    public override string GetStorageKey(ITurnContext turnContext)
    {
        var (channelId, _, userId) = StateKeys.Parts(turnContext, needConversation: false);
        return $"{channelId}/users/{userId}";
    }
}

/// <summary>State of one user in one conversation (a group chat keeps each member's answers apart).</summary>
public sealed class PrivateConversationState(IStorage storage) : BotState(storage, nameof(PrivateConversationState))
{
    public override string GetStorageKey(ITurnContext turnContext)
    {
        var (channelId, conversationId, userId) = StateKeys.Parts(turnContext);
        return $"{channelId}/conversations/{conversationId}/users/{userId}";
    }
}

internal static class StateKeys
{
    public static (string ChannelId, string ConversationId, string UserId) Parts(ITurnContext turnContext, bool needConversation = true, bool needUser = true)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        var channelId = Require(activity.ChannelId, "activity.channelId");
        var conversationId = needConversation ? Require(activity.Conversation?.Id, "activity.conversation.id") : string.Empty;
        var userId = needUser ? Require(activity.From?.Id, "activity.from.id") : string.Empty;
        return (channelId, conversationId, userId);
    }

    private static string Require(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw new InvalidOperationException($"State needs {name}, and the activity has none.") : value;
}
