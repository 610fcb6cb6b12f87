namespace TreatmentPlanning.Instruments;

/// <summary>One thing wrong with an instrument definition: where (file, instrument, item) and what.</summary>
public sealed record DefinitionError(string Source, string? InstrumentId, int? ItemNumber, string Problem)
{
    public override string ToString() =>
        Source + ": " +
        (InstrumentId is null ? "" : InstrumentId + " ") +
        (ItemNumber is null ? "" : $"item {ItemNumber} ") +
        Problem;
}

/// <summary>Thrown when definitions fail validation; lists every problem found, not only the first.</summary>
public sealed class InstrumentDefinitionException(IReadOnlyList<DefinitionError> errors)
    : Exception("Instrument definitions are invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<DefinitionError> Errors { get; } = errors;
}
