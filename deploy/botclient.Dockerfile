# Bot client image: multi-stage build, runs as an unprivileged user; reaches the silos through DATABASE_URL.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/BotClient/DevBot.BotClient.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
RUN useradd --system --uid 10001 --create-home devbot
WORKDIR /app
COPY --from=build /app .
USER devbot
ENTRYPOINT ["dotnet", "DevBot.BotClient.dll"]
