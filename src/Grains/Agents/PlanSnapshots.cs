using DevBot.GrainInterfaces.Projects;
using DevBot.Workspace.Git;
using DevBot.Workspace.Todo;

namespace DevBot.Grains.Agents;

/// <summary>TODO.md as the workflow reads it: every item with its phase (DevBot's appended sections as follow-ups) and whether it is done.</summary>
public static class PlanSnapshots
{
    public static PlanSnapshot From(TodoDocument todo)
    {
        var phaseOf = TodoSections.Phases(todo).SelectMany(p => p.Phase.Items.Select(i => (i.Id, p.Number))).ToDictionary(x => x.Id, x => x.Number);
        var items = new List<PlanItem>();
        foreach (var phase in todo.Phases)
        {
            var followUp = TodoSections.IsFollowUp(phase.Title);
            items.AddRange(phase.Items.Select(i => new PlanItem(i.Id, i.Text, followUp ? 0 : phaseOf.GetValueOrDefault(i.Id), followUp, i.Done)));
        }

        return new PlanSnapshot(items);
    }

    /// <summary>The plan at the repository's HEAD; null when it has no TODO.md.</summary>
    public static PlanSnapshot? Read(ProjectRepository repository) =>
        repository.ReadCommittedText(TodoSections.File) is { } text ? From(TodoDocument.Parse(text)) : null;
}
