using DevBot.Tests.Infrastructure;
using DevBot.Workspace.Edits;

namespace DevBot.Tests.Workspace;

/// <summary>A corpus of hostile edits: each is refused with its reason and nothing outside the repository changes.</summary>
public sealed class HostileEditTests : IDisposable
{
    private readonly TempTree _tree = new();

    public static TheoryData<string, string> HostilePaths => new()
    {
        { "/etc/passwd", "absolute" },
        { "~/.bashrc", "absolute" },
        { "../outside/secret.txt", "'..'" },
        { "src/../../sibling.txt", "'..'" },
        { "..\\outside\\secret.txt", "'..'" },
        { "C:\\Windows\\win.ini", "drive letter" },
        { "\\\\server\\share\\x", "absolute" },
        { "file\0.txt", "NUL" },
        { ".git/config", ".git" },
        { ".GIT/hooks/pre-commit", ".git" },
        { "sub/.git/config", ".git" },
        { ".git./config", ".git" },
        { "./", "'.'" },
        { "", "empty" },
    };

    [Theory]
    [MemberData(nameof(HostilePaths))]
    public void WholeFile_ToHostilePath_IsRefusedWithReason(string path, string reason)
    {
        var before = _tree.SnapshotOutsideRepo();

        var outcome = EditApplier.Apply(_tree.Repo, [new WholeFileBlock(path, "pwned\n", 1)]);

        Assert.False(outcome.Applied);
        Assert.Contains(reason, Assert.Single(outcome.Failures).Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, _tree.SnapshotOutsideRepo());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tree.Repo));
    }

    [Fact]
    public void Edit_ThroughSymlinkPlantedInTheTree_IsRefused()
    {
        // A build run in the sandbox could have left a link pointing out of the tree.
        Directory.CreateSymbolicLink(Path.Combine(_tree.Repo, "escape"), _tree.Outside);
        File.CreateSymbolicLink(Path.Combine(_tree.Repo, "secret-link.txt"), Path.Combine(_tree.Outside, "secret.txt"));
        var before = _tree.SnapshotOutsideRepo();

        var throughDirectory = EditApplier.Apply(_tree.Repo, [new WholeFileBlock("escape/secret.txt", "pwned\n", 1)]);
        var throughFile = EditApplier.Apply(_tree.Repo, [new SearchReplaceBlock("secret-link.txt", "do not touch\n", "pwned\n", 1)]);
        var deleteLink = EditApplier.Apply(_tree.Repo, [new DeleteFileBlock("secret-link.txt", 1)]);

        Assert.All(new[] { throughDirectory, throughFile, deleteLink }, o =>
        {
            Assert.False(o.Applied);
            Assert.Contains("symbolic link", o.Failures[0].Message, StringComparison.Ordinal);
        });
        Assert.Equal(before, _tree.SnapshotOutsideRepo());
    }

    [Fact]
    public void TemporaryFileLink_PlantedBesideTheTarget_IsReplacedNotFollowed()
    {
        _tree.Write("app.txt", "one\n");
        File.CreateSymbolicLink(Path.Combine(_tree.Repo, "app.txt.devbot-tmp"), Path.Combine(_tree.Outside, "secret.txt"));
        var before = _tree.SnapshotOutsideRepo();

        var outcome = EditApplier.Apply(_tree.Repo, [new WholeFileBlock("app.txt", "two\n", 1)]);

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("two\n", _tree.Read("app.txt"));
        Assert.Equal(before, _tree.SnapshotOutsideRepo());
    }

    [Fact]
    public void HugeContent_IsRefused()
    {
        var outcome = EditApplier.Apply(_tree.Repo, [new WholeFileBlock("big.txt", new string('x', 2_000_000), 1)], new EditOptions(MaxFileBytes: 1_000_000));

        Assert.False(outcome.Applied);
        Assert.Contains("larger than 1000000 bytes", outcome.Failures[0].Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_tree.Repo, "big.txt")));
    }

    [Fact]
    public void BinaryGarbage_IsRefused_AndBinaryFilesAreNotEdited()
    {
        File.WriteAllBytes(Path.Combine(_tree.Repo, "logo.png"), [0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]);

        var garbage = EditApplier.Apply(_tree.Repo, [new WholeFileBlock("data.bin", "abc\0\u0001\u0002", 1)]);
        var editBinary = EditApplier.Apply(_tree.Repo, [new SearchReplaceBlock("logo.png", "PNG", "JPG", 1)]);

        Assert.Contains("NUL", garbage.Failures[0].Message, StringComparison.Ordinal);
        Assert.Contains("binary", editBinary.Failures[0].Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_tree.Repo, "data.bin")));
    }

    [Fact]
    public void SearchTextAppearingTwice_IsRefusedAsAmbiguous()
    {
        _tree.Write("dup.py", "x = 1\nprint(x)\nx = 1\n");

        var outcome = EditApplier.Apply(_tree.Repo, [new SearchReplaceBlock("dup.py", "x = 1\n", "x = 2\n", 1)]);

        Assert.False(outcome.Applied);
        Assert.Contains("matches 2 places (lines 1, 3)", outcome.Failures[0].Message, StringComparison.Ordinal);
        Assert.Equal("x = 1\nprint(x)\nx = 1\n", _tree.Read("dup.py"));
    }

    [Fact]
    public void OneBadBlock_LeavesEveryFileAsItWas()
    {
        _tree.Write("a.txt", "alpha\n");
        var before = _tree.SnapshotOutsideRepo();

        var outcome = EditApplier.Apply(_tree.Repo,
        [
            new SearchReplaceBlock("a.txt", "alpha\n", "ALPHA\n", 1),
            new WholeFileBlock("new.txt", "fresh\n", 5),
            new WholeFileBlock("../escape.txt", "x\n", 9),
        ]);

        Assert.False(outcome.Applied);
        Assert.Single(outcome.Failures);
        Assert.Equal("alpha\n", _tree.Read("a.txt"));
        Assert.False(File.Exists(Path.Combine(_tree.Repo, "new.txt")));
        Assert.Equal(before, _tree.SnapshotOutsideRepo());
    }

    public void Dispose() => _tree.Dispose();
}
