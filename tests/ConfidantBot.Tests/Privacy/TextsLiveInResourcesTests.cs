namespace ConfidantBot.Tests.Privacy;

/// <summary>
/// No sentence a person reads is written in C#: texts live in resources, where the privacy
/// text-claims test, the translations and the B1 review see them. The rule is on <see cref="SentenceLiterals"/>.
/// </summary>
public sealed class TextsLiveInResourcesTests
{
    private static readonly string App = Path.Combine(PrivacyTextSources.RepositoryRoot, "src", "ConfidantBot");

    [Fact]
    public void No_sentence_a_person_reads_is_a_string_literal_in_the_source()
    {
        var sentences = SentenceLiterals.InSources(App).Where(sentence => SentenceLiterals.OperatorFileFor(sentence.File) is null).ToList();

        Assert.True(sentences.Count == 0, $"{sentences.Count} sentence(s) in C#; move them to Texts/strings.{{nl,en}}.json (or a template) and map them in docs/privacy-text-claims.json if they promise something:\n"
            + string.Join("\n", sentences.Select(sentence => $"{sentence.File}:{sentence.Line}: \"{sentence.Text}\"")));
    }

    [Fact]
    public void Every_file_excused_for_operators_exists_and_still_holds_sentences()
    {
        var sentences = SentenceLiterals.InSources(App);

        // An entry that no longer excuses anything goes, so the list cannot grow stale and hide a new file.
        Assert.All(SentenceLiterals.OperatorFiles.Keys, entry => Assert.Contains(sentences, sentence => SentenceLiterals.OperatorFileFor(sentence.File) == entry));
    }

    [Fact]
    public void A_sentence_in_a_dialog_is_caught_and_log_templates_exceptions_and_attributes_are_not()
    {
        const string code = """
            using Microsoft.Extensions.Logging;
            public sealed partial class SomeDialog(ILogger logger)
            {
                [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The calendar could not be reached for {Operation}.")]
                private static partial void LogUnreachable(ILogger logger, string operation);

                [System.ComponentModel.DataAnnotations.Range(1, 10, ErrorMessage = "Booking:Days must be between 1 and 10 for the reminder.")]
                public int Days { get; set; }

                public string Reply(bool english, string name)
                {
                    logger.LogInformation("A turn of the dialog was handled for {Count} people.", 1);
                    if (name.Length == 0) throw new System.InvalidOperationException("The name is not set for this dialog.");
                    if (name == "?") throw Refused("the name is not a name");
                    var key = "booking.summary.title";
                    var sql = "SELECT data FROM items WHERE id = $id";
                    return english ? "Your talk is booked and nothing is kept." : $"Je gesprek met {name} is geboekt.";
                }

                private static System.ArgumentException Refused(string why) => new($"The dialog refused the input: {why}.");
            }

            public sealed class NameMissingException() : System.Exception("The name is missing in this dialog.")
            {
            }
            """;

        var found = SentenceLiterals.InCode("SomeDialog.cs", code).ToList();

        Assert.Equal(["Your talk is booked and nothing is kept.", "Je gesprek met {0} is geboekt."], found.Select(sentence => sentence.Text));
        Assert.All(found, sentence => Assert.Equal(17, sentence.Line));
    }
}
