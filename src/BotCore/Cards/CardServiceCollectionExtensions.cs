using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BotCore.Cards;

public static class CardServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="CardTemplateLibrary"/> as a singleton over the "Cards:TemplateFolder" folder.
    /// The folder must exist at start-up.
    /// </summary>
    public static IServiceCollection AddCardTemplates(this IServiceCollection services)
    {
        services.AddOptions<CardTemplateOptions>()
            .BindConfiguration(CardTemplateOptions.SectionName)
            .Validate<IHostEnvironment>(
                (options, environment) => Directory.Exists(ResolveFolder(options, environment)),
                "Cards:TemplateFolder must name an existing folder of card templates (default \"cards\", relative to the content root).")
            .ValidateOnStart();
        services.AddSingleton(provider => new CardTemplateLibrary(ResolveFolder(
            provider.GetRequiredService<IOptions<CardTemplateOptions>>().Value,
            provider.GetRequiredService<IHostEnvironment>())));
        return services;
    }

    private static string ResolveFolder(CardTemplateOptions options, IHostEnvironment environment) =>
        Path.GetFullPath(options.TemplateFolder, environment.ContentRootPath);
}
