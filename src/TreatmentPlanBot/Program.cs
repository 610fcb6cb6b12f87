using TreatmentPlanBot.Hosting;

await BotWebApp.Create(args).RunAsync();

public partial class Program;
