using System.Runtime.CompilerServices;
using BotCore.Authentication;

namespace BotCore.Tests.Hosting.Support;

/// <summary>
/// Microsoft.IdentityModel reads its AppContext switches once per process. AddBotCore sets the blocking-refresh switch,
/// but another test in this assembly may touch the library first; setting it at load time, as the app's
/// runtimeconfig does, keeps the key-rotation tests independent of test order.
/// </summary>
internal static class IdentityModelSwitches
{
#pragma warning disable CA2255 // A test assembly is the process's entry point for this purpose, not a reusable library.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void BlockOnRequestedMetadataRefresh() => AppContext.SetSwitch(BotAuthenticator.BlockingMetadataRefreshSwitch, true);
}
