using ConfidantBot.Routes.Guide;

namespace ConfidantBot.Tests.Routes;

/// <summary>Every set of answers the guide can end with: each question's options, every set of wishes the wish card can send, with and without the "easy to recognise" tick.</summary>
internal static class GuideAnswerSpace
{
    /// <summary>Every value <see cref="GuideQuestionnaire.ParseWishes"/> can produce: each non-empty set of real wishes, "not sure", "rather not say", or both.</summary>
    public static IReadOnlyList<Wish> WishSets { get; } = BuildWishSets();

    public static IEnumerable<GuideAnswers> All()
    {
        foreach (var topic in Enum.GetValues<Topic>())
        {
            foreach (var involved in Enum.GetValues<Involved>())
            {
                foreach (var reported in Enum.GetValues<ReportedBefore>())
                {
                    foreach (var wish in WishSets)
                    {
                        foreach (var easyToRecognise in new[] { false, true })
                        {
                            foreach (var role in Enum.GetValues<Role>())
                            {
                                var answers = new GuideAnswers(topic, involved, reported, wish, role, EasyToRecognise: easyToRecognise);
                                if (role != Role.CouncilMember)
                                {
                                    yield return answers;
                                    continue;
                                }

                                foreach (var conduct in Enum.GetValues<CouncilConduct>())
                                {
                                    yield return answers with { CouncilConduct = conduct };
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static List<Wish> BuildWishSets()
    {
        var real = new[] { Wish.ConfidentialTalk, Wish.FormalReport, Wish.Anonymous, Wish.KnowMyRights };
        var sets = new List<Wish>();
        for (var mask = 1; mask < 1 << real.Length; mask++)
        {
            sets.Add(real.Where((_, index) => (mask & (1 << index)) != 0).Aggregate(Wish.None, (all, wish) => all | wish));
        }

        sets.AddRange([Wish.NotSure, Wish.RatherNotSay, Wish.NotSure | Wish.RatherNotSay]);

        // The set is exactly what the card can produce: every combination of ticks parses to one of these.
        var names = Enum.GetNames<Wish>().Where(name => name != nameof(Wish.None)).ToArray();
        for (var mask = 0; mask < 1 << names.Length; mask++)
        {
            var ticked = string.Join(',', names.Where((_, index) => (mask & (1 << index)) != 0));
            var parsed = GuideQuestionnaire.ParseWishes(ticked) ?? throw new InvalidOperationException(ticked);
            if (!sets.Contains(parsed))
            {
                throw new InvalidOperationException($"The wish card can send {ticked}, which the answer space misses.");
            }
        }

        return sets;
    }
}
