using System.Text.RegularExpressions;

namespace TreatmentPlanBot.Bot;

/// <summary>Finds the command a message starts with; the longest command name wins ("show plan" before "plan").</summary>
public sealed partial class CommandRouter(IEnumerable<IBotCommand> commands)
{
    private readonly IReadOnlyList<IBotCommand> _commands = [.. commands.OrderByDescending(c => c.Name.Length)];

    public IReadOnlyList<IBotCommand> Commands => _commands;

    /// <param name="forClients">
    /// Who is typing, when known: a word that is both a client's command and a staff command ("sign") finds the one for them.
    /// </param>
    public (IBotCommand Command, string Argument)? Match(string? text, bool? forClients = null)
    {
        var normalized = Normalize(text);
        var theirsFirst = forClients is { } clients ? _commands.OrderBy(c => c.ForClients == clients ? 0 : 1) : _commands.AsEnumerable();
        foreach (var command in theirsFirst)
        {
            if (normalized.Equals(command.Name, StringComparison.OrdinalIgnoreCase))
            {
                return (command, string.Empty);
            }

            if (normalized.StartsWith(command.Name + " ", StringComparison.OrdinalIgnoreCase))
            {
                return (command, normalized[(command.Name.Length + 1)..].Trim());
            }
        }

        return null;
    }

    /// <summary>
    /// The command text: Teams puts "&lt;at&gt;Bot&lt;/at&gt;" mentions and sometimes HTML into message text; whitespace
    /// and a trailing full stop are not part of a command.
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var withoutMentions = MentionPattern().Replace(text, " ");
        var withoutTags = TagPattern().Replace(withoutMentions, " ");
        return Whitespace().Replace(System.Net.WebUtility.HtmlDecode(withoutTags), " ").Trim().TrimEnd('.', '!');
    }

    [GeneratedRegex("<at>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex MentionPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
