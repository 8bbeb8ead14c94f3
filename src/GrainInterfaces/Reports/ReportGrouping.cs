namespace DevBot.GrainInterfaces.Reports;

public enum ReportGrouping
{
    Provider = 0,
    Model = 1,
    User = 2,
    Project = 3,
    Day = 4,
    TaskType = 5,
    Month = 6,
    Key = 7,
}
