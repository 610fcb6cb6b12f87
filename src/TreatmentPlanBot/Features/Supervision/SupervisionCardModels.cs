using System.Text.Json.Serialization;
using TreatmentPlanBot.Charts;

namespace TreatmentPlanBot.Features.Supervision;

// View models of cards/supervision.json and cards/supervision-note.json (shapes in cards/README.md).

public sealed record SupervisionCardModel(
    string Subtitle,
    IReadOnlyList<SupervisionClientView> Clients,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Quiet,
    string Schedule,
    int Page,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PreviousPage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? NextPage);

public sealed record SupervisionClientView(
    string ClientId,
    string Name,
    string Clinician,
    bool NeedsAttention,
    IReadOnlyList<SupervisionItemView> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ChartView? Chart);

public sealed record SupervisionItemView(string Text, bool Attention);

public sealed record SupervisionNoteModel(string ClientId, string NoteId, string Name, string Subtitle, string Text, IReadOnlyList<string> Errors);
