# TreatmentPlanBot's container: built from source, run as a non-root user on port 8080.
# Build from the repository root: docker build -t treatmentplanbot . (or az acr build, README "Deploying to Teams").

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so a code change reuses the restored packages layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/BotCore/BotCore.csproj src/BotCore/
COPY src/TreatmentPlanning/TreatmentPlanning.csproj src/TreatmentPlanning/
COPY src/TreatmentPlanBot/TreatmentPlanBot.csproj src/TreatmentPlanBot/
RUN dotnet restore src/TreatmentPlanBot/TreatmentPlanBot.csproj
COPY src/ src/
# The Adaptive Card templates: the project links cards/*.json into its publish output (cards/, where Cards:TemplateFolder looks).
COPY cards/ cards/
RUN dotnet publish src/TreatmentPlanBot/TreatmentPlanBot.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
# The image's built-in non-root user (uid 1654). Nothing is written under /app: storage is Azure Tables.
USER $APP_UID
ENTRYPOINT ["dotnet", "TreatmentPlanBot.dll"]
