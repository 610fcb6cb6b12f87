using BotCore.Schema;
using TreatmentPlanBot.People;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.People;

/// <summary>Everyone's personal chat is kept in one store, refreshed by their turns, and written only when it changed.</summary>
public sealed class PersonalChatsTests
{
    [Fact]
    public async Task A_turn_records_the_chat_and_its_time_zone_and_an_unchanged_turn_writes_nothing()
    {
        await using var app = await BotTestApp.StartAsync();
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);

        await app.SendAsync(app.MessageFrom(clinician) with { Text = "help", LocalTimezone = "Europe/Dublin" });
        var first = await app.Get<PersonalChats>().FindAsync(BotTestApp.Tenant, clinician.UserId, default);

        Assert.NotNull(first);
        Assert.Equal(clinician.PersonalConversationId, first.Value.Reference.Conversation?.Id);
        Assert.Equal(app.Connector.ServiceUrl, first.Value.Reference.ServiceUrl);
        Assert.Null(first.Value.Reference.ActivityId);
        Assert.Equal("Europe/Dublin", first.Value.TimeZoneId);
        Assert.Equal(Reachability.Reachable, first.Value.Reachability);

        await app.SendAsync(app.MessageFrom(clinician) with { Text = "help", LocalTimezone = "Europe/Dublin" });
        var unchanged = await app.Get<PersonalChats>().FindAsync(BotTestApp.Tenant, clinician.UserId, default);
        Assert.Equal(first.ETag, unchanged!.ETag);

        await app.SendAsync(app.MessageFrom(clinician) with { Text = "help", LocalTimezone = "America/Chicago" });
        var moved = await app.Get<PersonalChats>().FindAsync(BotTestApp.Tenant, clinician.UserId, default);
        Assert.NotEqual(first.ETag, moved!.ETag);
        Assert.Equal("America/Chicago", moved.Value.TimeZoneId);
    }

    [Fact]
    public async Task Someone_who_is_not_staff_is_recorded_too_but_never_from_a_group_chat()
    {
        await using var app = await BotTestApp.StartAsync();
        var stranger = new TestUser("someone-1", "Robin Example");
        var inGroup = new TestUser("someone-2", "Drew Example");

        await app.SayAsync(stranger, "hello");
        await app.SayAsync(inGroup, "hello", inGroupChat: true);

        Assert.NotNull(await app.Get<PersonalChats>().FindAsync(BotTestApp.Tenant, stranger.UserId, default));
        Assert.Null(await app.Get<PersonalChats>().FindAsync(BotTestApp.Tenant, inGroup.UserId, default));
    }
}
