using TreatmentPlanBot.Security;

namespace TreatmentPlanBot.Bot;

/// <summary>The bot's general answers, in one place so their tone stays consistent.</summary>
public static class BotReplies
{
    public const string PersonalGreeting =
        "Hello, I'm TreatmentPlanBot. I help you screen new clients, run assessments and build treatment plans with SMART goals, right here in this chat. Say **help** to see what I can do.";

    public const string ClientGreeting =
        "Hello, I'm TreatmentPlanBot, here for your care with your clinician. Say **my plan** to read your plan, or **help** to see what I can do.";

    /// <summary>For someone the clinic has not enrolled or linked yet: nothing about what staff or clients can do.</summary>
    public const string NewcomerGreeting =
        "Hello, I'm TreatmentPlanBot, your clinic's assistant in Teams. Say **help** to see what I can do.";

    public const string GroupGreeting =
        "Hello, I'm TreatmentPlanBot. I only discuss client matters in a personal chat, so nothing about any client will appear here. Open a chat with me to get started.";

    public const string PersonalChatOnly =
        "I can only discuss client matters in a personal chat with you, so I won't show or change anything here.";

    public const string NotUnderstood = "I didn't recognise that. Say **help** to see the commands you can use.";

    public const string NothingToCancel = "There's nothing in progress to cancel.";

    public const string ButtonFromFinishedConversation =
        "That button belongs to a conversation that has already finished, so nothing was changed. Say **help** to start again.";

    public const string ButtonNoLongerActive = "That button is no longer active, so nothing was changed. Say **help** to see what you can do.";

    /// <summary>A client asking for something only their care team does: plain words, no roles, nothing about anyone.</summary>
    public const string NotForClients =
        "That's something your care team does, so I can't do it for you here. Say **help** to see what you can do with me.";

    /// <summary>A client command asked for by someone who is not a linked client.</summary>
    public const string OnlyForClients =
        "That's for clients of the clinic once their clinician has invited them to chat with me. Say **help** to see what you can do.";

    public const string UnknownSender = "I couldn't tell who sent that message, so I haven't done anything.";

    public static string NotForYourRole(string command, StaffRoles audience) =>
        $"**{command}** is for {Describe(audience)}. If you should have access, ask your clinic's admin to add the role for you.";

    private static string Describe(StaffRoles roles) => roles switch
    {
        StaffRoles.Clinician => "clinicians",
        StaffRoles.Supervisor => "supervisors",
        StaffRoles.Admin => "admins",
        _ => "staff with another role",
    };

    /// <summary>
    /// A reply for a surface that shows text as typed (the message Teams and the Playground show for a card button's
    /// answer): **bold** command words become “quoted” ones, a bold lead-in loses its asterisks.
    /// </summary>
    public static string Plain(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"\*\*(.+?)\*\*", m => m.Groups[1].Value is var inner && inner.Length > 0 && char.IsPunctuation(inner[^1]) ? inner : $"“{inner}”");
}
