using BotCore.Tests.Storage;
using TreatmentPlanBot.Features.Onboarding;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.Features.Onboarding;

/// <summary>The first-run set-up, through HTTP, on both storage adapters; it survives a restart of the bot mid-way.</summary>
public abstract class OnboardingTests
{
    protected abstract Task<BotTestApp> StartAsync(IDictionary<string, string?>? settings = null);

    [Fact]
    public async Task Setup_saves_the_name_and_areas_to_the_staff_entry()
    {
        await using var app = await StartAsync();
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);

        Assert.StartsWith(OnboardingDialog.AskName, ReplyText.All(await app.SayAsync(clinician, "setup")));
        Assert.Contains(OnboardingDialog.AskTreated, ReplyText.All(await app.SayAsync(clinician, "Dr Casey Rivera")));
        Assert.Contains(OnboardingDialog.AskNotTreated, ReplyText.All(await app.SubmitAsync(clinician, new { choices = "low-mood,worry" })));
        var done = ReplyText.All(await app.SayAsync(clinician, "Gambling or other compulsive behaviour"));

        Assert.Contains("Thanks, Dr Casey Rivera", done);
        var stored = (await app.Get<StaffDirectory>().FindAsync(BotTestApp.Tenant, "clin-1", default))!.Value;
        Assert.Equal("Dr Casey Rivera", stored.DisplayName);
        Assert.Equal(["low-mood", "worry"], stored.TreatedAreas);
        Assert.Equal(["gambling"], stored.NotTreatedAreas);
        Assert.Equal(StaffRoles.Clinician, stored.Roles);
    }

    [Fact]
    public async Task Setup_resumes_after_the_bot_restarts_in_the_middle()
    {
        var directory = Directory.CreateTempSubdirectory("tpb-restart-").FullName;
        var settings = new Dictionary<string, string?> { ["Storage:SqlitePath"] = Path.Combine(directory, "bot.db") };
        var clinician = new TestUser("clin-1", "Casey Clinician");
        await using (var first = await StartAsync(settings))
        {
            await first.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
            await first.SayAsync(clinician, "setup");
            await first.SayAsync(clinician, "Dr Casey Rivera");
        }

        await using var second = await StartAsync(settings);
        Assert.Contains(OnboardingDialog.AskNotTreated, ReplyText.All(await second.SayAsync(clinician, "1")));
        await second.SayAsync(clinician, "none");

        var stored = (await second.Get<StaffDirectory>().FindAsync(BotTestApp.Tenant, "clin-1", default))!.Value;
        Assert.Equal("Dr Casey Rivera", stored.DisplayName);
        Assert.Equal(["low-mood"], stored.TreatedAreas);
    }

    [Fact]
    public async Task Cancel_mid_way_keeps_the_previous_settings_and_says_so()
    {
        await using var app = await StartAsync();
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician, treats: ["worry"]);
        await app.SayAsync(clinician, "setup");
        await app.SayAsync(clinician, "Someone Else");

        var reply = ReplyText.All(await app.SayAsync(clinician, "cancel"));

        Assert.Contains("Nothing was changed", reply);
        var stored = (await app.Get<StaffDirectory>().FindAsync(BotTestApp.Tenant, "clin-1", default))!.Value;
        Assert.Equal("Casey Clinician", stored.DisplayName);
        Assert.Equal(["worry"], stored.TreatedAreas);
    }

    [Fact]
    public async Task Help_mid_way_explains_the_step_and_asks_it_again()
    {
        await using var app = await StartAsync();
        var clinician = await app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician);
        await app.SayAsync(clinician, "setup");

        var reply = ReplyText.All(await app.SayAsync(clinician, "help"));

        Assert.Contains("Type the name I should use", reply);
        Assert.Contains(OnboardingDialog.AskName, reply);
    }
}

public sealed class OnboardingOnSqliteTests : OnboardingTests
{
    protected override Task<BotTestApp> StartAsync(IDictionary<string, string?>? settings = null) =>
        BotTestApp.StartAsync(TestStorage.Sqlite, settings: settings);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class OnboardingOnAzuriteTests(AzuriteFixture azurite) : OnboardingTests
{
    // One table prefix per test, kept across the restart so the second app reads what the first wrote.
    private readonly string _prefix = AzuriteFixture.UniqueTablePrefix();

    protected override Task<BotTestApp> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var combined = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Storage:TablePrefix"] = _prefix };
        return BotTestApp.StartAsync(TestStorage.Azurite, azurite, combined);
    }
}
