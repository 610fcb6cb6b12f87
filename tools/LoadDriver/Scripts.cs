namespace LoadDriver;

/// <summary>
/// The waterfalls the conversations run, one message per turn, again and again until time is up. Each asks six prompts
/// and answers them: the bot's screening of a new client (given name, family name, preferred name, pronouns, contact,
/// emergency contact, where it is cancelled so nothing is saved), and the SDK peer's six text prompts.
/// </summary>
internal static class Scripts
{
    public static IReadOnlyList<string> For(string name) => name switch
    {
        "bot" => ["new client", "Avery", "Sample", "skip", "skip", "avery@example.org", "cancel"],
        "sdk" => ["start", "Avery", "Sample", "skip", "skip", "avery@example.org", "no one"],
        _ => throw new ArgumentException($"Unknown script '{name}': bot or sdk."),
    };
}
