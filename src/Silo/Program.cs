using DevBot.Silo.Hosting;

return await DevBotSiloApp.RunAsync(args);
