# Admin console image: `docker compose run --rm admin users list` (an Orleans client; finds the silos through DATABASE_URL).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/AdminConsole/DevBot.AdminConsole.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
RUN useradd --system --uid 10001 --create-home devbot
WORKDIR /app
COPY --from=build /app .
USER devbot
ENTRYPOINT ["dotnet", "devbot-admin.dll"]
