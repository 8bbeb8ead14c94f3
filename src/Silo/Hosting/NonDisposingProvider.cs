using DevBot.Bot.Hosting;

namespace DevBot.Silo.Hosting;

/// <summary>Lends the silo's file log to the short-lived boot logger without letting it close the file.</summary>
internal sealed class NonDisposingProvider(FileLoggerProvider inner) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => inner.CreateLogger(categoryName);

    public void Dispose()
    {
    }
}
