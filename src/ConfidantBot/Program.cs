using ConfidantBot.Booking;
using ConfidantBot.Conversation;
using ConfidantBot.Figures;
using ConfidantBot.Hosting;
using ConfidantBot.LocalChannel;
using ConfidantBot.Privacy;
using ConfidantBot.Privacy.Logging;
using ConfidantBot.Roster;
using ConfidantBot.Routes;

var builder = WebApplication.CreateBuilder(args);

builder.AddBotHost();
builder.AddStorage();
builder.AddPrivacyLogging();
builder.AddPrivacy();
builder.AddBotProtocol();
builder.AddRoutes();
builder.AddRoster();
builder.AddBooking();
builder.AddFigures();
builder.AddConversation();
builder.AddLocalChannel();

var app = builder.Build();

app.MapBotEndpoints();
app.MapLocalChannel();

app.Run();

public partial class Program;
