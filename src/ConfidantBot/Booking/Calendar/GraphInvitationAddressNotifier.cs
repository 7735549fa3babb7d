using System.Globalization;
using System.Runtime.ExceptionServices;
using ConfidantBot.Presentation;
using ConfidantBot.Roster.InvitationAddresses;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.SendMail;

namespace ConfidantBot.Booking.Calendar;

/// <summary>
/// Tells the old and the new invitation address of a confidant about the change, by mail from the
/// service mailbox that also organises the booking events (Graph <c>sendMail</c>, which the
/// mailbox's Exchange RBAC scope already covers). One message per address, so neither learns
/// more than that the address changed. Not kept in the mailbox's Sent Items: the name and both
/// addresses are in the audit already. A failure for one address does not keep the other from its
/// notice; the failure is thrown afterwards, so the roster audits the notice as failed.
/// </summary>
public sealed class GraphInvitationAddressNotifier(GraphServiceClient graph, IOptions<GraphCalendarOptions> options) : IInvitationAddressNotifier
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    public async Task NotifyAsync(InvitationAddressChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        List<Exception>? failures = null;
        foreach (var recipient in new[] { change.OldAddress, change.NewAddress })
        {
            var body = new SendMailPostRequestBody
            {
                Message = new Message
                {
                    Subject = Texts.Get(Dutch, "roster.address-notice.subject"),
                    Body = new ItemBody
                    {
                        ContentType = BodyType.Text,
                        Content = Texts.Format(Dutch, "roster.address-notice.body", change.ConfidantName, change.OldAddress, change.NewAddress, change.ChangedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
                    },
                    ToRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = recipient } }],
                },
                SaveToSentItems = false,
            };
            try
            {
                await graph.Users[options.Value.ServiceMailbox].SendMail.PostAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                (failures ??= []).Add(exception);
            }
        }

        if (failures is { Count: 1 })
        {
            ExceptionDispatchInfo.Throw(failures[0]);
        }

        if (failures is not null)
        {
            throw new AggregateException("Neither notice of the changed invitation address could be sent.", failures);
        }
    }
}
