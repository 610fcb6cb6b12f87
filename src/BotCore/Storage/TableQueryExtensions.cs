using System.Runtime.CompilerServices;

namespace BotCore.Storage;

/// <summary>Whole-query reads over <see cref="ITable.QueryAsync"/>, as <c>TableClient.QueryAsync</c> pages for its caller.</summary>
public static class TableQueryExtensions
{
    /// <summary>
    /// Every entity of a partition (optionally only rows whose key starts with <paramref name="rowKeyPrefix"/>), in
    /// row-key order, fetching the next page only when the caller reads past the current one: stop early and no
    /// further page is read.
    /// </summary>
    public static async IAsyncEnumerable<TableEntity> QueryAllAsync(
        this ITable table,
        string partitionKey,
        string? rowKeyPrefix = null,
        int pageSize = 1000,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        string? continuation = null;
        do
        {
            var page = await table.QueryAsync(partitionKey, rowKeyPrefix, pageSize, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var entity in page.Entities)
            {
                yield return entity;
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
    }
}
