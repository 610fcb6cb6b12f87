using BotCore.Dialogs;
using BotCore.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BotCore.State;

internal sealed class DialogOptionsValidator : IValidateOptions<DialogOptions>
{
    public ValidateOptionsResult Validate(string? name, DialogOptions options) =>
        options.Validate() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}

public static class StateServiceCollectionExtensions
{
    /// <summary>
    /// Registers conversation, user and private-conversation state over the registered <see cref="Storage.IStorage"/>,
    /// the dialog and state options (sections <c>Dialogs</c> and <c>State</c>, validated at start-up), and
    /// <typeparamref name="TBot"/> as the application's bot, run by <see cref="StateTurnRunner"/> behind <see cref="IBot"/>.
    /// </summary>
    public static IServiceCollection AddStatefulBot<TBot>(this IServiceCollection services)
        where TBot : class, IBot
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<StateOptions>()
            .BindConfiguration(StateOptions.SectionName)
            .Validate(o => o.MaxTurnAttempts is >= 1 and <= 10, "State:MaxTurnAttempts must be between 1 and 10.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.RetryMessage), "State:RetryMessage must not be empty.")
            .ValidateOnStart();
        services.AddOptions<DialogOptions>()
            .BindConfiguration(DialogOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DialogOptions>, DialogOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ClockOptions>().BindConfiguration(ClockOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClockOptions>, ClockOptionsValidator>());
        services.TryAddSingleton<Clocks>();
        services.TryAddSingleton<ConversationState>();
        services.TryAddSingleton<UserState>();
        services.TryAddSingleton<PrivateConversationState>();
        services.TryAddSingleton(sp => new BotStateSet(
            sp.GetRequiredService<ConversationState>(),
            sp.GetRequiredService<UserState>(),
            sp.GetRequiredService<PrivateConversationState>()));
        services.TryAddSingleton<TBot>();
        services.AddSingleton<IBot>(sp => new StateTurnRunner(
            sp.GetRequiredService<TBot>(),
            sp.GetRequiredService<BotStateSet>(),
            sp.GetRequiredService<IOptions<StateOptions>>(),
            sp.GetRequiredService<IOptions<DialogOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<StateTurnRunner>>(),
            sp.GetRequiredService<Clocks>()));
        return services;
    }
}
