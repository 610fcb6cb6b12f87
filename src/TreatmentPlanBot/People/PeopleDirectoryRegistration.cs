using BotCore.Schema;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TreatmentPlanBot.People;

public static class PeopleDirectoryRegistration
{
    /// <summary>
    /// <see cref="IPeopleDirectory"/> and <see cref="ITeamsAppInstaller"/>: Microsoft Graph when Graph:Enabled; in
    /// Development without Graph, the Agents Playground's users; otherwise a directory that says it is not set up.
    /// Chosen when first resolved, so settings added after registration (tests, user secrets) count.
    /// </summary>
    public static IServiceCollection AddPeopleDirectory(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddBotConnector();
        services.AddOptions<GraphOptions>().BindConfiguration(GraphOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphOptions>, GraphOptionsValidator>());
        services.AddOptions<PlaygroundOptions>().BindConfiguration(PlaygroundOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlaygroundOptions>, PlaygroundOptionsValidator>());

        services.TryAddSingleton<IGraphCredentials, BotGraphCredentials>();
        services.TryAddSingleton<GraphPeopleDirectory>();
        services.TryAddSingleton<PlaygroundDirectory>();
        services.TryAddSingleton<IPeopleDirectory>(sp => (IPeopleDirectory)Choose(sp));
        services.TryAddSingleton<ITeamsAppInstaller>(sp => (ITeamsAppInstaller)Choose(sp));
        return services;
    }

    private static object Choose(IServiceProvider services) =>
        services.GetRequiredService<IOptions<GraphOptions>>().Value.Enabled ? services.GetRequiredService<GraphPeopleDirectory>()
        : services.GetRequiredService<IHostEnvironment>().IsDevelopment() ? services.GetRequiredService<PlaygroundDirectory>()
        : NotConfiguredDirectory.Instance;

    /// <summary>Outside Development with Graph off: every call says finding people is not set up.</summary>
    private sealed class NotConfiguredDirectory : IPeopleDirectory, ITeamsAppInstaller
    {
        public static readonly NotConfiguredDirectory Instance = new();

        public Task<DirectoryResult<IReadOnlyList<Person>>> SearchAsync(string tenantId, string nameOrEmail, int limit = 10, CancellationToken cancellationToken = default) =>
            Task.FromResult(new DirectoryResult<IReadOnlyList<Person>>(DirectoryOutcome.Failed, null, 0, DirectoryErrorCodes.NotConfigured));

        public Task<DirectoryResult<Person>> GetAsync(string tenantId, string userId, CancellationToken cancellationToken = default) =>
            Task.FromResult(new DirectoryResult<Person>(DirectoryOutcome.Failed, null, 0, DirectoryErrorCodes.NotConfigured));

        public Task<DirectoryResult<ConversationReference>> EnsureInstalledAsync(string tenantId, string userId, CancellationToken cancellationToken = default) =>
            Task.FromResult(new DirectoryResult<ConversationReference>(DirectoryOutcome.Failed, null, 0, DirectoryErrorCodes.NotConfigured));
    }
}
