namespace DevBot.AdminConsole;

/// <summary>The console's own settings (section <c>Admin</c>, e.g. <c>Admin__ConfirmGrantsAbove</c>).</summary>
public sealed class AdminSettings
{
    public const string SectionName = "Admin";

    /// <summary>Grants and adjustments larger than this many credits (either sign) ask for confirmation (or --yes).</summary>
    public decimal ConfirmGrantsAbove { get; set; } = 1000m;
}
