namespace DevBot.Bot.Text;

public static class ProgressBar
{
    /// <summary>A bar of <paramref name="width"/> cells, e.g. <c>▰▰▰▱▱▱▱▱▱▱ 3/10</c>.</summary>
    public static string Render(int done, int total, int width = 10)
    {
        if (total <= 0)
        {
            return new string('▱', width) + " 0/0";
        }

        var filled = width * Math.Clamp(done, 0, total) / total;
        return new string('▰', filled) + new string('▱', width - filled) + $" {done}/{total}";
    }
}
