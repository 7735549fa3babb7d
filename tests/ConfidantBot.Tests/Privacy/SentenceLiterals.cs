using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConfidantBot.Tests.Privacy;

/// <summary>A Dutch or English sentence written as a string literal in C#, where it is.</summary>
internal sealed record SentenceLiteral(string File, int Line, string Text);

/// <summary>
/// Finds the sentences in C# source that a person could read: texts live in resources
/// (<c>Texts/strings.{nl,en}.json</c>, card and page templates), never in code, so that every one of
/// them is translated, checked for B1 and scanned for privacy promises (<see cref="PrivacyTextSources"/>).
/// </summary>
/// <remarks>
/// The rule. A literal (plain, verbatim, raw or the text parts of an interpolated string) is a
/// sentence when it has at least three words and at least one lowercase Dutch or English function
/// word (de, het, een, je, niet, the, a, you, not, …); SQL, keys, ids, formats and paths are not.
/// A sentence is allowed only where no end user reads it:
/// <list type="bullet">
/// <item>in an attribute (log templates of <c>[LoggerMessage]</c>, validation messages of options
/// and inputs for operators, regular expressions);</item>
/// <item>in an exception's message: inside <c>new …Exception(…)</c> or <c>throw …</c>, in a class
/// that derives from an exception, or in a method that returns one (the person gets a text from
/// resources when it is caught);</item>
/// <item>as an argument of a logging call (<c>Log…</c>), an options check (<c>Validate</c>,
/// <c>Fail</c>), a health check's answer (<c>Unhealthy</c>, <c>Degraded</c>) or a metric's
/// description (<c>Create…</c> on a meter);</item>
/// <item>in a file of <see cref="OperatorFiles"/>, each with the reason why no end user reads its literals.</item>
/// </list>
/// Only <c>src/ConfidantBot</c> is read: <c>src/ConfidantBot.BotFramework</c> is the protocol
/// library, whose answers go to the Bot Framework and Teams services, never to a person.
/// Anything else must move to resources.
/// </remarks>
internal static partial class SentenceLiterals
{
    /// <summary>Calls whose arguments only operators and developers read.</summary>
    private static readonly HashSet<string> OperatorCalls = ["Validate", "Fail", "Unhealthy", "Degraded", "CreateCounter", "CreateHistogram", "CreateObservableGauge", "CreateUpDownCounter", "CreateObservableCounter"];

    /// <summary>Files (or folders, ending in '/') under <c>src/ConfidantBot</c> whose literals no end user reads, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> OperatorFiles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Hosting/StartupChecks.cs"] = "configuration problems for the operator; the host refuses to start and lists them",
        ["Routes/Catalogue/RouteCatalogueValidator.cs"] = "problems of the route catalogue for the developer; an invalid catalogue stops the start",
        ["LocalChannel/"] = "local mode only: the answers of the developer's local test endpoints (chat page, confidant page) to the page's own scripts",
        ["Conversation/ConversationIntents.cs"] = "phrases a person types that the bot recognises as commands; matched, never shown",
        ["Booking/Dialogs/PseudonymNameCheck.cs"] = "self-introductions a person might type ('ik ben', 'my name is'); matched to refuse a real name, never shown",
    };

    /// <summary>Every sentence literal in the app's C# files, including those of <see cref="OperatorFiles"/>.</summary>
    public static IReadOnlyList<SentenceLiteral> InSources(string appRoot)
    {
        var found = new List<SentenceLiteral>();
        foreach (var file in Directory.GetFiles(appRoot, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules" or "ClientApp")))
        {
            var relative = Path.GetRelativePath(appRoot, file).Replace(Path.DirectorySeparatorChar, '/');
            found.AddRange(InCode(relative, File.ReadAllText(file)));
        }

        return found;
    }

    /// <summary>The entry of <see cref="OperatorFiles"/> that covers <paramref name="file"/>, or null.</summary>
    public static string? OperatorFileFor(string file)
        => OperatorFiles.Keys.FirstOrDefault(entry => entry.EndsWith('/') ? file.StartsWith(entry, StringComparison.Ordinal) : file == entry);

    public static IEnumerable<SentenceLiteral> InCode(string file, string code)
    {
        var root = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Preview)).GetRoot();
        foreach (var node in root.DescendantNodes())
        {
            var text = node switch
            {
                LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal => literal.Token.ValueText,
                InterpolatedStringExpressionSyntax interpolated => string.Concat(interpolated.Contents.Select(part => part is InterpolatedStringTextSyntax words ? words.TextToken.ValueText : "{0}")),
                _ => null,
            };
            if (text is null || node.Parent is InterpolationSyntax || !IsSentence(text) || ForOperatorsOnly(node))
            {
                continue;
            }

            yield return new SentenceLiteral(file, node.GetLocation().GetLineSpan().StartLinePosition.Line + 1, text);
        }
    }

    public static bool IsSentence(string text)
    {
        var words = Word().Matches(text).Count;
        return words >= 3 && text.Contains(' ', StringComparison.Ordinal) && FunctionWord().IsMatch(text);
    }

    private static bool ForOperatorsOnly(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case AttributeSyntax or ThrowExpressionSyntax or ThrowStatementSyntax:
                    return true;
                case ObjectCreationExpressionSyntax creation when IsException(creation.Type):
                    return true;
                case PrimaryConstructorBaseTypeSyntax baseType when IsException(baseType.Type):
                    return true;
                case MethodDeclarationSyntax method when IsException(method.ReturnType):
                    return true;
                case LocalFunctionStatementSyntax function when IsException(function.ReturnType):
                    return true;
                case InvocationExpressionSyntax invocation when MethodName(invocation) is { } name && (name.StartsWith("Log", StringComparison.Ordinal) || OperatorCalls.Contains(name)):
                    return true;
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    private static bool IsException(TypeSyntax type) => TypeName(type).EndsWith("Exception", StringComparison.Ordinal);

    private static string TypeName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => type.ToString(),
    };

    private static string? MethodName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    [GeneratedRegex(@"\p{L}{2,}")]
    private static partial Regex Word();

    [GeneratedRegex(@"\b(de|het|een|je|jij|jouw|u|uw|niet|geen|is|zijn|en|van|voor|met|naar|wat|wie|dit|deze|the|a|an|you|your|not|no|is|are|and|of|for|with|to|this|what|who)\b")]
    private static partial Regex FunctionWord();
}
