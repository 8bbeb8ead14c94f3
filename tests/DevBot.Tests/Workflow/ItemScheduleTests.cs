using DevBot.Grains.Agents;
using DevBot.Workspace.Todo;

namespace DevBot.Tests.Workflow;

/// <summary>
/// The start decision of a rolling items step (<see cref="ItemSchedule"/>) on plans as a model may write them: clauses
/// that go round, name unknown items, or are missing.
/// </summary>
public sealed class ItemScheduleTests
{
    private static TodoItem Item(string id, string clauses) => new(id, $"Item {id} ({clauses})", false, 0, 0, 0);

    /// <summary>"start 1.1 1.2 | give up 1.3": what starts and what gives up, in plan order.</summary>
    private static string Next(IReadOnlyList<TodoItem> order, IEnumerable<TodoItem> running, IEnumerable<string> landed,
        IEnumerable<string> settled, int width = 4)
    {
        var landedSet = landed.ToHashSet(StringComparer.Ordinal);
        var settledSet = settled.ToHashSet(StringComparer.Ordinal);
        var runningList = running.ToList();
        var waiting = order.Where(i => !settledSet.Contains(i.Id) && runningList.All(r => r.Id != i.Id)).ToList();
        var (start, giveUp) = ItemSchedule.Next(order, waiting, runningList, landedSet, settledSet, width);
        return $"start {string.Join(' ', start.Select(i => i.Id))} | give up {string.Join(' ', giveUp.Select(i => i.Id))}".Replace("  ", " ", StringComparison.Ordinal).Trim();
    }

    [Fact]
    public void IndependentItems_StartUpToTheWidth_AndOneNamingARunningItemsFileWaits()
    {
        TodoItem[] order =
        [
            Item("1.1", "files: a.py; after: none"), Item("1.2", "files: b.py; after: none"), Item("1.3", "files: a.py, c.py; after: none"),
            Item("2.1", "files: d.py; after: none"), Item("2.2", "files: e.py; after: none"),
        ];

        Assert.Equal("start 1.1 1.2 2.1 | give up", Next(order, [], [], [], width: 3));
        // A slot freed by 1.2 goes to the next item that may start, across phases; 1.3 still waits for a.py.
        Assert.Equal("start 2.2 | give up", Next(order, [order[0], order[3]], ["1.2"], ["1.2"], width: 3));
    }

    [Fact]
    public void AnItemThatSaysNothing_StartsAloneOnceEverythingBeforeItLanded_AndHoldsBackWhatFollows()
    {
        TodoItem[] order = [Item("1.1", "files: a.py; after: none"), Item("1.2", "files: b.py"), Item("1.3", "files: c.py; after: none")];

        Assert.Equal("start 1.1 | give up", Next(order, [], [], []));
        Assert.Equal("start 1.2 | give up", Next(order, [], ["1.1"], ["1.1"]));
        Assert.Equal("start | give up", Next(order, [order[1]], ["1.1"], ["1.1"]));
        // When an item before it failed, it gives up for this step (it may need that item).
        Assert.Equal("start 1.3 | give up 1.2", Next(order, [], [], ["1.1"]));
    }

    [Fact]
    public void ItemsWhoseAfterClausesGoRound_GiveUpOneByOne_InsteadOfWaitingForever()
    {
        // Seen in plans: "1.2 … after: 1.3" and "1.3 … after: 1.2". Nothing can start and nothing runs.
        TodoItem[] order = [Item("1.1", "files: a.py; after: none"), Item("1.2", "files: b.py; after: 1.3"), Item("1.3", "files: c.py; after: 1.2")];

        Assert.Equal("start 1.1 | give up", Next(order, [], [], []));
        Assert.Equal("start | give up 1.2", Next(order, [], ["1.1"], ["1.1"]));
        Assert.Equal("start | give up 1.3", Next(order, [], ["1.1"], ["1.1", "1.2"]));
    }

    [Fact]
    public void WhatAnItemNeeds_CountsOnlyWhenItIsAnItemOfTheStep_AndAFailedNeedGivesItUp()
    {
        TodoItem[] order = [Item("2.1", "files: a.py; after: 1.4, 9.9"), Item("2.2", "files: b.py; after: 2.1"), Item("2.3", "files: c.py; after: 2.2")];

        // 1.4 (done in an earlier step) and 9.9 (no such item) do not hold 2.1 back; 2.2 waits for 2.1 to land.
        Assert.Equal("start 2.1 | give up", Next(order, [], [], []));
        // 2.1 failed: 2.2 gives up, and so does 2.3 behind it.
        Assert.Equal("start | give up 2.2 2.3", Next(order, [], [], ["2.1"]));
    }
}
