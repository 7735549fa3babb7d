using ConfidantBot.Booking;
using ConfidantBot.Conversation;
using ConfidantBot.Figures;
using ConfidantBot.Hosting;
using ConfidantBot.LocalChannel;
using ConfidantBot.Operations;
using ConfidantBot.Privacy;
using ConfidantBot.Privacy.Logging;
using ConfidantBot.Roster;
using ConfidantBot.Routes;

// The slim builder leaves out IIS integration, HTTP/3 and the debug/event-log providers, which a
// Linux App Service never uses (about 3 MB less resident memory); HTTPS endpoints stay configurable.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseKestrelHttpsConfiguration();

builder.AddBotHost();
builder.AddStorage();
builder.AddPrivacyLogging();
builder.AddOperations();
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
app.MapOperations();
app.MapLocalChannel();
app.MapFigures();

app.Run();

public partial class Program;
