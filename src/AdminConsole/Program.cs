using DevBot.AdminConsole;

return await AdminConsoleApp.RunAsync(args);
