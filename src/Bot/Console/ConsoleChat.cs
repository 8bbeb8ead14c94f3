using DevBot.Bot.Handling;
using DevBot.Bot.Options;
using DevBot.Bot.Relay;
using DevBot.Bot.Text;
using DevBot.GrainInterfaces.Projects;
using DevBot.GrainInterfaces.Users;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace DevBot.Bot.Console;

/// <summary>
/// The same handlers as the Telegram bot, over the console: each line is a message from the console user, a number or
/// a button's label presses that button. When the input ends, the chat waits for the project to finish (or to need
/// the user) and then stops the application.
/// </summary>
public sealed class ConsoleChat(
    UpdateDispatcher dispatcher,
    ConsoleButtons buttons,
    ProjectRelay relay,
    IGrainFactory grains,
    ConsoleStreams streams,
    IOptions<BotOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ConsoleChat> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan FirstReconnectPause = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LastReconnectPause = TimeSpan.FromSeconds(10);
    private int _nextUpdate;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var user = new User { Id = options.Value.ConsoleUserId, FirstName = Environment.UserName, Username = "console" };
        await streams.Output.WriteLineAsync("DevBot console chat. Type /start, then describe your idea. Buttons: type their number or label. /help lists commands.");
        var lastLine = DateTimeOffset.MinValue;
        try
        {
            while (true)
            {
                if (streams.Paced)
                {
                    await WaitForUsersTurnAsync(user.Id, stoppingToken);
                }

                var line = await ReadLineAsync(stoppingToken);
                if (line is null)
                {
                    break;
                }

                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (streams.Paced)
                {
                    await streams.Output.WriteLineAsync("you> " + line);
                    // Piped lines come faster than a person types: spaced out, they stay within the per-user message limit.
                    var wait = lastLine + options.Value.ConsoleLineInterval - time.GetUtcNow();
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, time, stoppingToken);
                    }

                    lastLine = time.GetUtcNow();
                }

                // A bare number is meant as a button; one that matches none is refused, never sent on as words (at the
                // scope prompt "9" would become a billed correction of the scope).
                if (IsButtonNumber(line) && buttons.Resolve(line) is null && buttons.LatestCount > 0)
                {
                    await streams.Output.WriteLineAsync(
                        $"bot> There is no button {line.Trim()}: type a number from 1 to {buttons.LatestCount}, a button's label, or a message in words.");
                    continue;
                }

                // A line typed while no silo answers waits for one instead of being answered with an error and lost.
                await UntilReachableAsync(() => grains.GetGrain<IUserGrain>(user.Id).GetSummaryAsync(), stoppingToken);
                await dispatcher.DispatchAsync(ToUpdate(user, line), stoppingToken);
            }

            await FinishAsync(user.Id, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        lifetime.StopApplication();
    }

    /// <summary>
    /// The next line of input, or null at its end. Console.In's ReadLineAsync reads synchronously on the calling thread
    /// and ignores the token, so a chat waiting for a line the user never types would hold the host's stop until its
    /// shutdown timeout (and the silo co-hosted with it would then stop with a cancelled token, non-gracefully). The
    /// read runs on a thread of its own instead; at stop the wait is abandoned and that thread dies with the process.
    /// </summary>
    private Task<string?> ReadLineAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(streams.Input.ReadLine, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .WaitAsync(stoppingToken);

    private static bool IsButtonNumber(string line) => line.Trim() is { Length: > 0 and <= 3 } text && text.All(char.IsAsciiDigit);

    private Update ToUpdate(User user, string line)
    {
        var id = Interlocked.Increment(ref _nextUpdate);
        if (buttons.Resolve(line) is { } button)
        {
            return new Update { Id = id, CallbackQuery = new CallbackQuery { Id = "console-" + id, From = user, Data = button.Data, ChatInstance = "console" } };
        }

        return new Update
        {
            Id = id,
            Message = new Message { Id = id, From = user, Chat = new Chat { Id = user.Id, Type = ChatType.Private }, Text = line, Date = time.GetUtcNow().UtcDateTime },
        };
    }

    /// <summary>Input ended: wait for the project to be delivered (or to need the user, who is gone), then say so.</summary>
    private async Task FinishAsync(long userId, CancellationToken cancellationToken)
    {
        var status = await WaitForUsersTurnAsync(userId, cancellationToken);
        if (status is null || status.State.IsTerminal())
        {
            await streams.Output.WriteLineAsync("Input ended. Bye.");
            return;
        }

        await streams.Output.WriteLineAsync(
            $"Input ended while {status.Title} waits for you ({ProjectTexts.StateName(status)}). Run the chat again to go on: /start picks it up.");
    }

    /// <summary>Waits until the user's project waits for the user (or has ended) and everything it said was shown.</summary>
    private async Task<ProjectStatus?> WaitForUsersTurnAsync(long userId, CancellationToken cancellationToken)
    {
        var reported = DateTimeOffset.MinValue;
        while (true)
        {
            var (done, status) = await UntilReachableAsync(() => LookAsync(userId, cancellationToken), cancellationToken);
            if (done)
            {
                return status;
            }

            if (time.GetUtcNow() - reported > TimeSpan.FromMinutes(1))
            {
                logger.LogDebug("Waiting for project {ProjectId}: {State} ({Activity})", status!.ProjectId, status.State, status.Activity);
                reported = time.GetUtcNow();
            }

            await Task.Delay(Poll, time, cancellationToken);
        }
    }

    /// <summary>One look at the user's project: shows what it said, and tells whether it is the user's turn (or there is no project).</summary>
    private async Task<(bool UsersTurn, ProjectStatus? Status)> LookAsync(long userId, CancellationToken cancellationToken)
    {
        var summary = await grains.GetGrain<IUserGrain>(userId).GetSummaryAsync();
        if (summary.ActiveProjectId is not { } projectId)
        {
            return (true, null);
        }

        var status = await grains.GetGrain<IProjectGrain>(projectId).GetStatusAsync();
        if (!relay.IsTracking(projectId))
        {
            // A project from an earlier session: anything it said that was not shown yet is found and shown now.
            await relay.CatchUpAsync(cancellationToken);
        }

        await relay.PumpAsync(projectId, cancellationToken);
        var usersTurn = ProjectTexts.IsUsersTurn(status) && (!relay.IsTracking(projectId) || relay.DeliveredThrough(projectId) >= status.LastEventSeq);
        return (usersTurn, status);
    }

    /// <summary>
    /// Runs a call again, with growing pauses, while no silo answers (a silo stopped or restarting): the chat says it is
    /// reconnecting and, once a silo answers, goes on where it was.
    /// </summary>
    private async Task<T> UntilReachableAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var pause = FirstReconnectPause;
        var reconnecting = false;
        while (true)
        {
            try
            {
                var result = await call();
                if (reconnecting)
                {
                    logger.LogInformation("The cluster answers again");
                    await streams.Output.WriteLineAsync("bot> Reconnected.");
                }

                return result;
            }
            catch (Exception ex) when (ClusterUnavailable.Is(ex) && !cancellationToken.IsCancellationRequested)
            {
                if (!reconnecting)
                {
                    reconnecting = true;
                    logger.LogWarning(ex, "The cluster does not answer; reconnecting");
                    await streams.Output.WriteLineAsync("bot> DevBot's server does not answer (restarting?); reconnecting…");
                }

                await Task.Delay(pause, time, cancellationToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LastReconnectPause.Ticks));
            }
        }
    }
}
