using BotCore.Dialogs;
using Microsoft.Extensions.DependencyInjection;

namespace TreatmentPlanBot.Features.Clients;

public static class ClientsFeature
{
    /// <summary>Finding a clinician's own clients, shared by every feature that starts from "which client?".</summary>
    public static IServiceCollection AddClientsFeature(this IServiceCollection services) => services
        .AddSingleton<ClientLookup>()
        .AddSingleton<Dialog, ClientPickerDialog>();
}
