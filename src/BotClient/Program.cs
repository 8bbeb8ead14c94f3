using DevBot.BotClient;

return await BotClientApp.RunAsync(args);
