// TEMPORARY: replaced by the connector branch at merge.
namespace ConfidantBot.BotFramework.Connector
{
    public interface IServiceUrlTrust { void Trust(string serviceUrl); bool IsTrusted(string serviceUrl); }
}
