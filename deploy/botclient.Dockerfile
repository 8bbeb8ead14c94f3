# Bot image: the Telegram front-end as an Orleans client of the silos (it finds them through DATABASE_URL).
# Multi-stage build; runs as an unprivileged user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/BotClient/DevBot.BotClient.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --create-home devbot
WORKDIR /app
COPY --from=build /app .
USER devbot
ENV Urls=http://0.0.0.0:8081
EXPOSE 8081
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s CMD curl -fsS http://localhost:8081/healthz || exit 1
ENTRYPOINT ["dotnet", "DevBot.BotClient.dll"]
