namespace BotCore.Cards;

/// <summary>A card template that cannot be parsed, or an expression that fails where the official engine fails too.</summary>
public sealed class CardTemplateException(string message, Exception? inner = null) : Exception(message, inner);
