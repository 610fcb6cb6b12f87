using BotCore.Hosting;
using TreatmentPlanBot.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddTreatmentPlanBot();

var app = builder.Build();
app.MapBotEndpoints();
app.Run();

public partial class Program;
