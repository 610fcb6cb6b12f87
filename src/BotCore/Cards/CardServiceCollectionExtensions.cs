using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BotCore.Cards;

public static class CardServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="CardTemplateLibrary"/> as a singleton over the "Cards:TemplateFolder" folder,
    /// which must exist at start-up.
    /// </summary>
    public static IServiceCollection AddCardTemplates(this IServiceCollection services)
    {
        services.AddOptions<CardTemplateOptions>()
            .BindConfiguration(CardTemplateOptions.SectionName)
            .Validate(
                options => Directory.Exists(options.ResolvedFolder),
                "Cards:TemplateFolder must name an existing folder of card templates (default \"cards\", relative to the app's base directory).")
            .ValidateOnStart();
        services.AddSingleton(provider =>
            new CardTemplateLibrary(provider.GetRequiredService<IOptions<CardTemplateOptions>>().Value.ResolvedFolder));
        return services;
    }
}
