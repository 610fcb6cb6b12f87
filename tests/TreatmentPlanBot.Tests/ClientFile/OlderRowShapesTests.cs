using System.Text.Json;
using BotCore.Storage;
using BotCore.Tests.Storage;
using TreatmentPlanBot.Records;
using TreatmentPlanBot.Tests.Support;

namespace TreatmentPlanBot.Tests.ClientFile;

/// <summary>
/// A running deployment holds rows written when assessment, risk and progress keys still held the time
/// ("assessment|{time}|{id}", "risk|{time}|{id}", "progress|{objective}|{time}"). They must still be listed beside the
/// new id-keyed rows, in time order, and a risk event in the older shape must still be found and acknowledged.
/// </summary>
public abstract class OlderRowShapesTests
{
    private const string ClientId = "client-older";

    protected abstract Task<BotTestApp> StartAsync();

    [Fact]
    public async Task Rows_in_the_timed_key_shape_are_listed_found_and_updated_beside_id_keyed_rows()
    {
        await using var app = await StartAsync();
        var records = app.Get<ClientRecords>();
        var table = await app.Get<ITableStore>().GetTableAsync(ClientRecords.TableName);
        var earlier = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
        var oldAssessment = Assessment("assess-activity-17", earlier);
        var oldRisk = new RiskEvent("risk-assess-activity-17", "PHQ-9", "nonAcute", "PHQ-9: question 9", earlier, "clin-1");
        await table.InsertAsync(Row("assessment|20260302T093000.0000000|assess-activity-17", oldAssessment));
        await table.InsertAsync(Row("risk|20260302T093000.0000000|risk-assess-activity-17", oldRisk));
        await table.InsertAsync(Row("progress|obj-1|20260302T093000.0000000", new ObjectiveProgress("obj-1", 12, DateOnly.FromDateTime(earlier.UtcDateTime), null, "clin-1", earlier)));

        var later = earlier.AddDays(7);
        await records.AddAssessmentAsync(ClientId, Assessment("assess-s0123456789ab", later), new RiskEvent("risk-assess-s0123456789ab", "PHQ-9", "nonAcute", "PHQ-9: question 9", later, "clin-1"), default);
        await records.AddProgressAsync(ClientId, new ObjectiveProgress("obj-1", 10, DateOnly.FromDateTime(later.UtcDateTime), null, "clin-1", later) { ReadingId = "reading-0123456789ab" }, default);

        Assert.Equal(["assess-activity-17", "assess-s0123456789ab"], (await records.ListAssessmentsAsync(ClientId, default)).Select(a => a.Id));
        Assert.Equal(["risk-assess-activity-17", "risk-assess-s0123456789ab"], (await records.ListRiskEventsAsync(ClientId, default)).Select(r => r.Id));
        Assert.Equal([12m, 10m], (await records.ListProgressAsync(ClientId, default)).Select(p => p.Value!.Value));
        Assert.Null(await records.FindAssessmentAsync(ClientId, "assess-activity-18", default));
        Assert.Equal(later, (await records.FindAssessmentAsync(ClientId, "assess-s0123456789ab", default))!.AdministeredAt);

        var found = (await records.FindRiskEventAsync(ClientId, oldRisk.Id, default))!;
        await records.ReplaceRiskEventAsync(ClientId, found.Value with { AcknowledgedBy = "clin-1", AcknowledgedAt = later }, found.ETag, default);

        Assert.Equal("clin-1", (await records.FindRiskEventAsync(ClientId, oldRisk.Id, default))!.Value.AcknowledgedBy);
        Assert.Equal(2, (await records.ListRiskEventsAsync(ClientId, default)).Count);
    }

    private static AssessmentRecord Assessment(string id, DateTimeOffset at) =>
        new(id, "PHQ-9", "PHQ-9", new Dictionary<int, int?> { [9] = 1 }, 1, "Minimal", null, [new RecordedRiskFlag("nonAcute", "Item 9")], [], at, "clin-1", AssessmentMode.ClinicianForm);

    private static TableEntity Row<T>(string rowKey, T value) =>
        TableDocument.Create(TableKey.Escape(ClientId), rowKey, JsonSerializer.SerializeToNode(value, RecordJson.Options)!);
}

public sealed class OlderRowShapesOnSqliteTests : OlderRowShapesTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Sqlite);
}

[Collection(AppAzuriteCollection.Name)]
public sealed class OlderRowShapesOnAzuriteTests(AzuriteFixture azurite) : OlderRowShapesTests
{
    protected override Task<BotTestApp> StartAsync() => BotTestApp.StartAsync(TestStorage.Azurite, azurite);
}
