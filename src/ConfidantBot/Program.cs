using ConfidantBot.Hosting;
using ConfidantBot.LocalChannel;

var builder = WebApplication.CreateBuilder(args);
builder.AddBotHost();
builder.AddLocalChannel();

var app = builder.Build();
app.MapBotEndpoints();
app.MapLocalChannel();
app.Run();

public partial class Program;
