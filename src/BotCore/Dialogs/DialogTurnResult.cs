namespace BotCore.Dialogs;

public enum DialogTurnStatus
{
    /// <summary>No dialog was running.</summary>
    Empty,

    /// <summary>A dialog is waiting for the user's next message.</summary>
    Waiting,

    /// <summary>The dialog finished; <see cref="DialogTurnResult.Result"/> holds what it returned.</summary>
    Complete,

    /// <summary>The dialog stack was stopped; <see cref="DialogTurnResult.Result"/> is a <see cref="DialogCancellation"/>.</summary>
    Cancelled,
}

public sealed record DialogTurnResult(DialogTurnStatus Status, object? Result = null)
{
    public DialogCancellation? Cancellation => Result as DialogCancellation;
}

public enum DialogReason
{
    BeginCalled,
    ContinueCalled,
    EndCalled,
    ReplaceCalled,
    CancelCalled,
    NextCalled,
}

public enum DialogCancellationReason
{
    /// <summary>The user asked to stop, or the application cancelled.</summary>
    Requested,

    /// <summary>A prompt got no usable answer within its attempts.</summary>
    AttemptsExhausted,
}

/// <summary>Why a stack was cancelled, and whether the user has already been told what was kept.</summary>
public sealed record DialogCancellation(DialogCancellationReason Reason, bool Announced = false);
