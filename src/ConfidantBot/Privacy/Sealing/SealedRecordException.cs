namespace ConfidantBot.Privacy.Sealing;

/// <summary>Why a sealed record could not be opened.</summary>
public enum SealedRecordProblem
{
    /// <summary>The bytes are not a sealed record this app can read.</summary>
    Malformed,

    /// <summary>Changed after sealing, stored under another id, or opened for another purpose.</summary>
    TamperedOrMisplaced,

    /// <summary>Sealed with a key version the key store no longer (or never) had.</summary>
    UnknownKeyVersion,

    /// <summary>Opened correctly, but the content is not a routing record.</summary>
    UnreadableContent,
}

/// <summary>
/// A sealed record cannot be opened. The message says why, for the operator; it contains no
/// record content. The bot treats the record as lost (the person books again), it does not crash.
/// </summary>
public sealed class SealedRecordException : Exception
{
    public SealedRecordException(SealedRecordProblem problem, string message) : base(message) => Problem = problem;

    public SealedRecordException(SealedRecordProblem problem, string message, Exception innerException)
        : base(message, innerException) => Problem = problem;

    public SealedRecordProblem Problem { get; }
}
