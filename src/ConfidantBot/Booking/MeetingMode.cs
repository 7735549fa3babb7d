using System.Text.Json.Serialization;

namespace ConfidantBot.Booking;

/// <summary>How the person and the confidant meet.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MeetingMode>))]
public enum MeetingMode
{
    /// <summary>A Teams meeting the person joins as a guest, without signing in.</summary>
    Online,

    /// <summary>The confidant calls a number the person gave.</summary>
    PhoneConfidantCalls,

    /// <summary>The person calls the confidant's number.</summary>
    PhonePersonCalls,

    /// <summary>At the confidant's office.</summary>
    InPerson,
}
