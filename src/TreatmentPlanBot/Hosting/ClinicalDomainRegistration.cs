using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TreatmentPlanning.Instruments;
using TreatmentPlanning.Measures;
using TreatmentPlanning.Outcomes;
using TreatmentPlanning.Screening;
using TreatmentPlanning.Smart;
using TreatmentPlanning.Templates;

namespace TreatmentPlanBot.Hosting;

/// <summary>The clinical domain's services, each configured from its own section and checked at start-up.</summary>
internal static class ClinicalDomainRegistration
{
    public static IServiceCollection AddClinicalDomain(this IServiceCollection services)
    {
        services.AddOptions<InstrumentLibraryOptions>().BindConfiguration(InstrumentLibraryOptions.SectionName);
        services.AddOptions<ScreeningOptions>().BindConfiguration(ScreeningOptions.SectionName);
        services.AddOptions<OutcomeOptions>().BindConfiguration(OutcomeOptions.SectionName).ValidateOnStart();
        services.AddOptions<AttainabilityOptions>().BindConfiguration(AttainabilityOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutcomeOptions>>(new DomainOptionsValidator<OutcomeOptions>(o => o.Validate()));
        services.AddSingleton<IValidateOptions<AttainabilityOptions>>(new DomainOptionsValidator<AttainabilityOptions>(o => o.Validate()));

        // Loading validates every definition (bundled and the clinic's own) and throws naming each problem.
        services.AddSingleton(sp => InstrumentLibrary.Load(sp.GetRequiredService<IOptions<InstrumentLibraryOptions>>().Value));
        services.AddSingleton<IMeasureCatalog>(sp => sp.GetRequiredService<InstrumentLibrary>());
        services.AddSingleton(sp => new ScreeningAdvisor(sp.GetRequiredService<InstrumentLibrary>(), sp.GetRequiredService<IOptions<ScreeningOptions>>().Value));
        services.AddSingleton(sp => new OutcomeCalculator(sp.GetRequiredService<IOptions<OutcomeOptions>>().Value, sp.GetRequiredService<IMeasureCatalog>()));
        services.AddSingleton(sp => new SmartValidator(sp.GetRequiredService<IMeasureCatalog>(), sp.GetRequiredService<IOptions<AttainabilityOptions>>().Value));
        services.AddSingleton(sp => TemplateLibrary.LoadBundled(sp.GetRequiredService<IMeasureCatalog>()));
        return services;
    }

    private sealed class DomainOptionsValidator<T>(Func<T, IReadOnlyList<string>> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            validate(options) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
