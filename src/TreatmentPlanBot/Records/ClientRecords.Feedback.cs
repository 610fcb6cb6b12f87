using BotCore.Storage;

namespace TreatmentPlanBot.Records;

/// <summary>End-of-session feedback rows: <c>feedback|{id}</c>, one per session.</summary>
public sealed partial class ClientRecords
{
    private const string FeedbackPrefix = "feedback|";

    /// <summary>Stores a request; <see cref="StorageErrorKind.AlreadyExists"/> when this session's feedback was already asked for.</summary>
    public async Task AddSessionFeedbackAsync(SessionFeedbackRecord feedback, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        await table.InsertAsync(Document(PartitionOf(feedback.ClientId), IdRow(FeedbackPrefix, feedback.Id), feedback), cancellationToken).ConfigureAwait(false);
    }

    public Task<Versioned<SessionFeedbackRecord>?> FindSessionFeedbackAsync(string clientId, string feedbackId, CancellationToken cancellationToken) =>
        GetAsync<SessionFeedbackRecord>(clientId, IdRow(FeedbackPrefix, feedbackId), cancellationToken);

    public async Task<string> ReplaceSessionFeedbackAsync(SessionFeedbackRecord feedback, string ifMatch, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        return await table.ReplaceAsync(Document(PartitionOf(feedback.ClientId), IdRow(FeedbackPrefix, feedback.Id), feedback), ifMatch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Feedback requests and answers, oldest session first.</summary>
    public async Task<IReadOnlyList<SessionFeedbackRecord>> ListSessionFeedbackAsync(string clientId, CancellationToken cancellationToken) =>
        [.. (await ListAsync<SessionFeedbackRecord>(clientId, FeedbackPrefix, cancellationToken).ConfigureAwait(false)).OrderBy(f => f.SessionDate).ThenBy(f => f.RequestedAt)];
}
