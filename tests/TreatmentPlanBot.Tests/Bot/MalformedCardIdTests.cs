using System.Text.Json;
using BotCore.Tests.Hosting.Support;
using Microsoft.Extensions.Logging;
using TreatmentPlanBot.Features.Admin;
using TreatmentPlanBot.Security;
using TreatmentPlanBot.Tests.Support;
using static TreatmentPlanBot.Tests.Features.PlanCard.PlanFile;

namespace TreatmentPlanBot.Tests.Bot;

/// <summary>
/// Card data is typed by whoever sends the activity: an id too long for a storage key, or one that is not text at all,
/// gets the access gate's neutral refusal (HTTP 200, no stack trace in the logs), whichever verb carries it and whether
/// it arrives as Action.Execute or as the Action.Submit fallback.
/// </summary>
public sealed class MalformedCardIdTests : IAsyncLifetime
{
    private static readonly TestUser Admin = new("admin-1", "Alex Admin");
    private readonly LogCapture _logs = new();
    private BotTestApp _app = null!;
    private TestUser _clinician = null!;

    public async Task InitializeAsync()
    {
        _app = await BotTestApp.StartAsync(settings: new Dictionary<string, string?> { ["Clinic:BootstrapAdmins:0"] = Admin.UserId }, logs: _logs);
        _clinician = await _app.AddStaffAsync("clin-1", "Casey Clinician", StaffRoles.Clinician | StaffRoles.Admin);
        await EnrolAsync(_app, "client-robin", "clin-1", "Robin", "Example");
        await SavePlanAsync(_app, Plan("client-robin", Today(_app), Objective("obj-1", Today(_app).AddDays(60))));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, string, string> Cases()
    {
        var tooLong = new string('c', 600);
        var escapesTooLong = new string('/', 200); // 200 characters, 600 once escaped for a key
        var data = new TheoryData<string, string, string>
        {
            { "plan.show", "clientId", tooLong },
            { "plan.page", "clientId", escapesTooLong },
            { "objective.edit", "clientId", tooLong },
            { "objective.progress.save", "objectiveId", tooLong },
            { "risk.ack", "clientId", tooLong },
            { "risk.ack", "riskEventId", tooLong },
            { "risk.assess", "clientId", escapesTooLong },
            { "safetyplan.save", "clientId", tooLong },
            { "assessment.start", "clientId", tooLong },
            { StaffCardActions.Grant, "userId", tooLong },
            { "plan.show", "clientId", "client-robin\u0000" },
            { "plan.show", "clientId", "{\"nested\":true}" },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_malformed_id_in_an_invoke_gets_the_neutral_refusal_not_a_500(string verb, string name, string value)
    {
        var (status, body) = await _app.InvokeAsync(_clinician, verb, Data(verb, name, value));

        Assert.Equal(200, status);
        Assert.Equal("application/vnd.microsoft.activity.message", body.GetProperty("type").GetString());
        Assert.Equal(AccessDecision.RefusalMessage, body.GetProperty("value").GetString());
        AssertNoStackTraceLogged();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_malformed_id_in_a_submit_gets_the_neutral_refusal(string verb, string name, string value)
    {
        var data = Data(verb, name, value);
        data["verb"] = verb;

        var replies = await _app.SubmitAsync(_clinician, data);

        Assert.Equal(AccessDecision.RefusalMessage, ReplyText.All(replies));
        AssertNoStackTraceLogged();
    }

    [Fact]
    public async Task An_id_that_is_not_text_gets_the_neutral_refusal()
    {
        var (status, body) = await _app.InvokeAsync(_clinician, "plan.show", new { clientId = new { nested = true } });

        Assert.Equal(200, status);
        Assert.Equal(AccessDecision.RefusalMessage, body.GetProperty("value").GetString());
        AssertNoStackTraceLogged();
    }

    [Fact]
    public async Task A_well_formed_id_still_opens_the_plan()
    {
        var (status, body) = await _app.InvokeAsync(_clinician, "plan.show", new { clientId = "client-robin" });

        Assert.Equal(200, status);
        Assert.Equal("application/vnd.microsoft.card.adaptive", body.GetProperty("type").GetString());
    }

    // Every verb gets a complete, valid-looking payload, with one id replaced by the malformed value.
    private static Dictionary<string, object?> Data(string verb, string name, string value)
    {
        var data = verb switch
        {
            StaffCardActions.Grant => new Dictionary<string, object?> { ["userId"] = "robin-1", ["role"] = "clinician" },
            "risk.ack" or "risk.assess" or "safetyplan.save" => new Dictionary<string, object?> { ["clientId"] = "client-robin", ["riskEventId"] = "risk-1" },
            "assessment.start" => new Dictionary<string, object?> { ["clientId"] = "client-robin", ["instrumentId"] = "PHQ-9" },
            _ => new Dictionary<string, object?> { ["clientId"] = "client-robin", ["planId"] = "plan-client-robin", ["planVersion"] = "v", ["objectiveId"] = "obj-1", ["value"] = "5" },
        };
        data[name] = value.StartsWith('{') ? JsonDocument.Parse(value).RootElement.Clone() : value;
        return data;
    }

    private void AssertNoStackTraceLogged() =>
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error || (e.Level >= LogLevel.Warning && e.Exception is not null));
}
