# Silo image (also the implementer worker: it runs generated projects' builds and tests in bubblewrap, so it carries
# the toolchains those projects use). Multi-stage build; runs as an unprivileged user. PostgreSQL is its own service.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo/DevBot.Silo.csproj -c Release -o /app

# The SDK image as the runtime base: generated .NET projects build and test inside the sandbox.
FROM mcr.microsoft.com/dotnet/sdk:10.0
RUN apt-get update \
    && apt-get install -y --no-install-recommends bubblewrap socat git curl unzip python3 python3-venv python3-pip nodejs npm \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --create-home devbot \
    && mkdir -p /var/lib/devbot/workspaces && chown devbot /var/lib/devbot/workspaces
WORKDIR /app
COPY --from=build /app .
USER devbot
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    Workspace__Root=/var/lib/devbot/workspaces \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080 11111 30000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s CMD curl -fsS http://localhost:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "DevBot.Silo.dll"]
