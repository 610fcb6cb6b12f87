using TreatmentPlanBot.People;

namespace TreatmentPlanBot.Tests.Support;

/// <summary>Stands in for the organisation's directory (Graph's own behaviour is tested against the fake Graph).</summary>
public sealed class FakeDirectory(params Person[] people) : IPeopleDirectory
{
    public DirectoryResult<IReadOnlyList<Person>>? Failure { get; set; }

    public Task<DirectoryResult<IReadOnlyList<Person>>> SearchAsync(string tenantId, string nameOrEmail, int limit = 10, CancellationToken cancellationToken = default)
    {
        if (Failure is not null)
        {
            return Task.FromResult(Failure);
        }

        IReadOnlyList<Person> found = [.. people.Where(p => p.DisplayName.Split(' ').Any(w => w.StartsWith(nameOrEmail, StringComparison.OrdinalIgnoreCase))
            || (p.Email?.StartsWith(nameOrEmail, StringComparison.OrdinalIgnoreCase) ?? false))];
        return Task.FromResult(found.Count == 0
            ? new DirectoryResult<IReadOnlyList<Person>>(DirectoryOutcome.NotFound, null)
            : DirectoryResult<IReadOnlyList<Person>>.Found(found));
    }

    public Task<DirectoryResult<Person>> GetAsync(string tenantId, string userId, CancellationToken cancellationToken = default) =>
        Task.FromResult(people.FirstOrDefault(p => p.UserId == userId) is { } person
            ? DirectoryResult<Person>.Found(person)
            : new DirectoryResult<Person>(DirectoryOutcome.NotFound, null));
}
