using System.ComponentModel.DataAnnotations;

namespace DevBot.Grains.Reports;

/// <summary>Report settings (section <c>Reports</c>).</summary>
public sealed class ReportOptions
{
    public const string SectionName = "Reports";

    /// <summary>
    /// USD one Telegram Star brings in, for revenue. Default: what Telegram pays a developer per Star withdrawn
    /// (0.013 USD, https://telegram.org/tos/stars), not what a user pays for one.
    /// </summary>
    [Range(typeof(decimal), "0", "1000")]
    public decimal UsdPerStar { get; set; } = 0.013m;
}
