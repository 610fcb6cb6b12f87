using System.Text.Json;
using BotCore.Schema;
using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Tests.Security;

/// <summary>Who a turn's sender is comes only from Teams' Entra identity: aadObjectId and the tenant.</summary>
public sealed class CallerTests
{
    private static Activity Teams(string? aadObjectId, string? tenantId) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = "msteams",
        From = new ChannelAccount { Id = "clin-1", AadObjectId = aadObjectId, Name = "Synthetic Clinician" },
        Conversation = new ConversationAccount { Id = "a:personal", ConversationType = "personal", TenantId = tenantId },
        ChannelData = tenantId is null ? null : JsonSerializer.SerializeToElement(new { tenant = new { id = tenantId } }),
    };

    [Fact]
    public void The_sender_is_their_aadObjectId_in_their_tenant()
    {
        var caller = Caller.From(Teams("00000000-0000-0000-0000-0000000000c1", "tenant-test"));

        Assert.Equal(("tenant-test", "00000000-0000-0000-0000-0000000000c1"), (caller?.TenantId, caller?.UserId));
    }

    [Fact]
    public void A_sender_without_an_aadObjectId_is_nobody_whatever_from_id_says() =>
        Assert.Null(Caller.From(Teams(aadObjectId: null, "tenant-test")));

    [Fact]
    public void A_sender_without_a_tenant_is_nobody() =>
        Assert.Null(Caller.From(Teams("00000000-0000-0000-0000-0000000000c1", tenantId: null)));
}
