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

        // Names git itself refuses as aliases of .git. Sources are github.com/git/git at commit 1a3e64c6c4a6.
        // t/t1014-read-tree-confusing.sh:42-53, read-tree's list of confusing paths (core.protectHFS/protectNTFS on):
        { ".", "'.'" },                                  // t1014:42
        { "..", "'..'" },                                // t1014:43
        { ".git", ".git" },                              // t1014:44
        { ".GIT", ".git" },                              // t1014:45
        { "\u200c.Git", ".git" },                        // t1014:46, HFS+ ignores U+200C
        { ".gI\u200cT", ".git" },                        // t1014:47
        { ".GiT\u200c", ".git" },                        // t1014:48
        { "git~1", ".git" },                             // t1014:49, the NTFS 8.3 short name of .git
        { ".git. ", ".git" },                            // t1014:50, NTFS drops trailing dots and spaces
        { ".\\.GIT\\foobar", "'.'" },                    // t1014:51, backslashes separate folders on Windows
        { ".git\\foobar", ".git" },                      // t1014:52
        { ".git...:alternate-stream", ".git" },          // t1014:53, an NTFS alternate data stream of .git
        { ".gi\u200ct", ".git" },                        // t1014:59, git allows it with core.protectHFS off; our ZIPs may be unpacked on macOS
        // t/t1450-fsck.sh:674-683, fsck's list, beyond t1014's:
        { ".Git", ".git" },                              // t1450:679
        { ".git.", ".git" },                             // t1450:681
        // path.c:1378-1414, the comment above is_ntfs_dotgit():
        { ".git . . ./config", ".git" },                 // path.c:1383
        { "git~1/config", ".git" },                      // path.c:1390
        { "GIT~1/hooks/pre-commit", ".git" },            // t/t7527-builtin-fsmonitor.sh:260, "the shortname of .git is GIT~1"
        { ".git::$INDEX_ALLOCATION/config", ".git" },    // path.c:1400-1401
        // utf8.c:717-734, next_hfs_char(): code points HFS+ ignores, so each spelling below is .git on a Mac:
        { ".git\u200d/config", ".git" },                 // utf8.c:719
        { "\u200e.git/config", ".git" },                 // utf8.c:720
        { ".g\u202eit/config", ".git" },                 // utf8.c:726
        { ".gi\u206at/config", ".git" },                 // utf8.c:727
        { "\ufeff.git/config", ".git" },                 // utf8.c:733

        // t/t0060-path-utils.sh:570-583, names is_valid_path() refuses on Windows (the ZIP must unpack there too):
        { "win32 /x ", "dot or a space" },               // t0060:572
        { "win32.", "dot or a space" },                  // t0060:573
        { "win32 . .", "dot or a space" },               // t0060:574
        { ".../hello.txt", "dot or a space" },           // t0060:575
        { "colon:test", "':'" },                         // t0060:576
        { "AUX.c", "reserved device name" },             // t0060:577
        { "abc/conOut$  .xyz/test", "reserved device name" }, // t0060:578, CONOUT$ with spaces before its extension
        { "lpt8", "reserved device name" },              // t0060:579
        { "com9.c", "reserved device name" },            // t0060:580
        { "lpt*", "'*'" },                               // t0060:581
        { "Nul", "reserved device name" },               // t0060:582
        { "PRN./abc", "reserved device name" },          // t0060:583
        // t/t7450-bad-git-dotfiles.sh:287-311, "prevent git~1 squatting": "d." is the folder "d" on Windows.
        { "d./a/..git", "dot or a space" },              // t7450:311

        // The attacker's report: names Windows trims, device names, characters Windows does not allow.
        { "notes.txt.", "dot or a space" },
        { "src /a.py", "dot or a space" },
        { "src/app.py ./x", "dot or a space" },
        { "CON", "reserved device name" },
        { "con.txt", "reserved device name" },
        { "NUL.py", "reserved device name" },
        { "src/prn/x.py", "reserved device name" },
        { "aux.tar.gz", "reserved device name" },
        { "COM1", "reserved device name" },
        { "lpt9.log", "reserved device name" },
        { "con .txt", "reserved device name" },
        { "CONIN$", "reserved device name" },
        { "COM\u00b9", "reserved device name" },         // COM¹: Windows maps superscript digits to devices too
        { "lpt\u00b2.txt", "reserved device name" },     // LPT²
        { "Com\u00b3.py", "reserved device name" },      // COM³
        { "a<b.txt", "'<'" },                            // the characters Windows refuses, as in compat/mingw.c:3543-3546
        { "a>b.txt", "'>'" },
        { "a\"b.txt", "'\"'" },
        { "a|b.txt", "'|'" },
        { "a?b.txt", "'?'" },
    };

    /// <summary>Invisible characters that make one name look like another (bidi controls reorder what is shown).</summary>
    public static TheoryData<int> InvisibleCharacters => new()
    {
        0x202A, 0x202B, 0x202C, 0x202D, 0x202E, // embeddings and overrides
        0x2066, 0x2067, 0x2068, 0x2069,         // isolates
        0x200E, 0x200F, 0x061C,                 // LRM, RLM, Arabic letter mark
        0x200B, 0x200C, 0x200D, 0xFEFF,         // zero-width space, non-joiner, joiner, no-break space (BOM)
        0x00AD, 0x2060, 0x206A, 0x180E,         // soft hyphen, word joiner, HFS+ ignorable (utf8.c:727), Mongolian vowel separator
        0x2028, 0x2029,                         // line and paragraph separators break one-name-per-line listings
    };

    /// <summary>Names git accepts on every platform, which we write too.</summary>
    public static TheoryData<string> OrdinaryNames => new()
    {
        "win32",              // t/t0060-path-utils.sh:561
        "win32 x",            // t0060:562
        "comm",               // t0060:565
        "conout.c",           // t0060:566
        "com0.c",             // t0060:567, COM0 is no device (git tested it on Windows 10, see git's 'mingw: do not treat COM0 as a reserved file name')
        "lptN",               // t0060:568
        ".\u0147it",          // t/t1450-fsck.sh:686-699, ".Ňit" is not .git on any file system
        "a/..git",            // t/t7450-bad-git-dotfiles.sh:292
        ".gitignore",
        ".gitattributes",
        ".gitmodules",        // read-cache.c:987-992 (verify_dotfile) refuses it only as a symbolic link; edits write regular files
        ".github/workflows/ci.yml",
        "console.log",        // device names only count as the whole name before the first dot
        "src/icon.png",
        "com10.txt",
        "src/caf\u00e9.py",
        "docs/\ud55c\uad6d\uc5b4.md",
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

    [Theory]
    [MemberData(nameof(InvisibleCharacters))]
    public void WholeFile_NameWithInvisibleCharacter_IsRefusedNamingIt(int codePoint)
    {
        var path = $"src/ma{(char)codePoint}in.py";

        var outcome = EditApplier.Apply(_tree.Repo, [new WholeFileBlock(path, "pwned\n", 1)]);

        Assert.False(outcome.Applied);
        var message = Assert.Single(outcome.Failures).Message;
        Assert.Contains($"U+{codePoint:X4}", message, StringComparison.Ordinal);
        Assert.DoesNotContain((char)codePoint, message); // the refusal is shown to people: it must not reorder itself
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tree.Repo));
    }

    [Theory]
    [MemberData(nameof(OrdinaryNames))]
    public void WholeFile_ToOrdinaryName_IsWritten(string path)
    {
        var outcome = EditApplier.Apply(_tree.Repo, [new WholeFileBlock(path, "fine\n", 1)]);

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("fine\n", _tree.Read(path));
    }

    [Fact]
    public void WholeFile_PathWithSurroundingWhitespace_IsWrittenTrimmed()
    {
        // git refuses "win32 " on Windows (t/t0060-path-utils.sh:571). Whitespace around a whole path is how a model
        // lays it out, not part of a name: trimmed, the name written has no trailing space for Windows to drop.
        var outcome = EditApplier.Apply(_tree.Repo, [new WholeFileBlock("win32 ", "fine\n", 1)]);

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal(["win32"], Directory.EnumerateFileSystemEntries(_tree.Repo).Select(Path.GetFileName));
    }

    [Fact]
    public void WholeFile_NameWithUnpairedSurrogate_IsRefused()
    {
        // Not valid Unicode: it would be written as U+FFFD, so two different requests would name one file.
        var outcome = EditApplier.Apply(_tree.Repo, [new WholeFileBlock("src/a\ud800.py", "pwned\n", 1)]);

        Assert.False(outcome.Applied);
        Assert.Contains("surrogate", Assert.Single(outcome.Failures).Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tree.Repo));
    }

    [Theory]
    [InlineData(256, 1)] // ASCII: one byte a character
    [InlineData(86, 3)]  // CJK: 86 characters are 258 bytes of UTF-8, well under the 400-character path limit
    public void WholeFile_NameOver255Bytes_IsRefusedNotThrown(int characters, int bytesPerCharacter)
    {
        var name = new string(bytesPerCharacter == 1 ? 'a' : '\u6587', characters);
        var before = _tree.SnapshotOutsideRepo();

        var asFile = EditApplier.Apply(_tree.Repo, [new WholeFileBlock("src/" + name, "x\n", 1)]);
        var asFolder = EditApplier.Apply(_tree.Repo, [new WholeFileBlock(name + "/app.py", "x\n", 1)]);

        Assert.All(new[] { asFile, asFolder }, o =>
        {
            Assert.False(o.Applied);
            Assert.Contains("at most 255 bytes", Assert.Single(o.Failures).Message, StringComparison.Ordinal);
        });
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tree.Repo));
        Assert.Equal(before, _tree.SnapshotOutsideRepo());
    }

    [Fact]
    public void WholeFile_NameOfExactly255Bytes_IsWritten()
    {
        var folder = new string('d', 255);
        var file = new string('f', 252) + ".py";

        var outcome = EditApplier.Apply(_tree.Repo, [new WholeFileBlock($"{folder}/a.py", "x\n", 1), new WholeFileBlock(file, "y\n", 5)]);

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("x\n", _tree.Read($"{folder}/a.py"));
        Assert.Equal("y\n", _tree.Read(file));
        Assert.Equal([folder, file], Directory.EnumerateFileSystemEntries(_tree.Repo).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void WholeFile_FullPathOverPathMax_IsRefusedNotThrown()
    {
        // A working tree deep enough that a legal 394-character path takes the whole path past PATH_MAX (4096 bytes).
        var root = _tree.Repo;
        for (var i = 0; i < 15; i++)
        {
            root = Path.Combine(root, new string('r', 250));
        }

        Directory.CreateDirectory(root);
        var path = new string('p', 200) + "/" + new string('q', 190) + ".py";
        var before = _tree.SnapshotOutsideRepo();

        var outcome = EditApplier.Apply(root, [new WholeFileBlock(path, "x\n", 1)]);

        Assert.False(outcome.Applied);
        Assert.Contains("4096", Assert.Single(outcome.Failures).Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(root));
        Assert.Equal(before, _tree.SnapshotOutsideRepo());
    }

    [Theory]
    [InlineData("app.py/x.py")]
    [InlineData("app.py/sub/x.py")]
    [InlineData("src/main.py/x.py")]
    public void WholeFile_UsingAnExistingFileAsFolder_IsRefusedNotThrown(string path)
    {
        _tree.Write("app.py", "print('app')\n");
        _tree.Write("src/main.py", "print('main')\n");
        var before = _tree.SnapshotOutsideRepo();

        var whole = EditApplier.Apply(_tree.Repo, [new WholeFileBlock(path, "x\n", 1)]);
        var create = EditApplier.Apply(_tree.Repo, [new SearchReplaceBlock(path, string.Empty, "x\n", 1)]);

        Assert.All(new[] { whole, create }, o =>
        {
            Assert.False(o.Applied);
            Assert.Contains("is a file, not a folder", Assert.Single(o.Failures).Message, StringComparison.Ordinal);
        });
        Assert.Equal("print('app')\n", _tree.Read("app.py"));
        Assert.Equal("print('main')\n", _tree.Read("src/main.py"));
        Assert.Equal(before, _tree.SnapshotOutsideRepo());
    }

    [Theory]
    [InlineData("lib", "lib/x.py")]
    [InlineData("lib/x.py", "lib")]
    [InlineData("lib/x.py", "LIB")]
    public void Reply_NamingOneNameAsFileAndAsFolder_IsRefusedNotThrown(string first, string second)
    {
        var outcome = EditApplier.Apply(_tree.Repo, [new WholeFileBlock(first, "a\n", 1), new WholeFileBlock(second, "b\n", 5)]);

        Assert.False(outcome.Applied);
        Assert.Contains("both a file and a folder", Assert.Single(outcome.Failures).Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tree.Repo));
    }

    [Theory]
    [InlineData("README.md", "readme.md", "README.md")]
    [InlineData("README.md", "ReadMe.MD", "README.md")]
    [InlineData("src/app.py", "Src/x.py", "src")]
    [InlineData("src/app.py", "SRC/app.py", "src")]
    [InlineData("src/app.py", "src/App.py", "src/app.py")]
    [InlineData("docs/\u00e9t\u00e9.md", "docs/\u00c9T\u00c9.md", "docs/\u00e9t\u00e9.md")]                  // case beyond ASCII
    [InlineData("caf\u00e9.md", "cafe\u0301.md", "caf\u00e9.md")]                                           // NFC on disk, NFD asked
    [InlineData("cafe\u0301.md", "caf\u00e9.md", "cafe\u0301.md")]                                          // NFD on disk (a Mac's spelling), NFC asked
    [InlineData("CAF\u00c9.md", "cafe\u0301.md", "CAF\u00c9.md")]                                           // both at once
    [InlineData("\ud55c/a.txt", "\u1112\u1161\u11ab/b.txt", "\ud55c")]                                        // Hangul syllable vs. its jamo
    [InlineData("\u1e69.txt", "s\u0323\u0307.txt", "\u1e69.txt")]                                            // combining marks in canonical order
    [InlineData("\u1e69.txt", "s\u0307\u0323.txt", "\u1e69.txt")]                                            // ... and in the other order
    public void WholeFile_TwinOfExistingName_IsRefusedNamingIt(string existing, string twin, string named)
    {
        _tree.Write(existing, "original\n");
        var before = _tree.SnapshotOutsideRepo();

        var whole = EditApplier.Apply(_tree.Repo, [new WholeFileBlock(twin, "twin\n", 1)]);
        var create = EditApplier.Apply(_tree.Repo, [new SearchReplaceBlock(twin, string.Empty, "twin\n", 1)]);

        Assert.All(new[] { whole, create }, o =>
        {
            Assert.False(o.Applied);
            var message = Assert.Single(o.Failures).Message;
            Assert.Contains($"'{named}'", message, StringComparison.Ordinal);
            Assert.Contains("same name", message, StringComparison.Ordinal);
        });
        Assert.Equal("original\n", _tree.Read(existing));
        Assert.Single(Directory.EnumerateFileSystemEntries(_tree.Repo));
        Assert.Equal(before, _tree.SnapshotOutsideRepo());
    }

    [Theory]
    [InlineData("a.py", "A.py")]
    [InlineData("lib/x.py", "Lib/y.py")]
    [InlineData("caf\u00e9.py", "cafe\u0301.py")]
    [InlineData("n\u00e4me/x.py", "NA\u0308ME/y.py")]
    public void Reply_TwoBlocksNamingTwins_IsRefusedNamingTheFirst(string first, string second)
    {
        var outcome = EditApplier.Apply(_tree.Repo, [new WholeFileBlock(first, "a\n", 1), new WholeFileBlock(second, "b\n", 5)]);

        Assert.False(outcome.Applied);
        var failure = Assert.Single(outcome.Failures);
        Assert.Equal(second, failure.Path);
        Assert.Contains("same name", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"'{first.Split('/')[0]}", failure.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tree.Repo));
    }

    [Fact]
    public void Edit_ExistingFileUnderItsExactName_StillApplies()
    {
        _tree.Write("README.md", "# Old\n");
        _tree.Write("src/app.py", "x = 1\n");
        _tree.Write("cafe\u0301.md", "nfd\n"); // as a Mac would have written it

        var outcome = EditApplier.Apply(_tree.Repo,
        [
            new SearchReplaceBlock("README.md", "# Old\n", "# New\n", 1),
            new WholeFileBlock("src/app.py", "x = 2\n", 5),
            new SearchReplaceBlock("src/app.py", "x = 2\n", "x = 3\n", 9),
            new WholeFileBlock("cafe\u0301.md", "still nfd\n", 13),
            new WholeFileBlock("src/util.py", "y = 1\n", 17),
        ]);

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("# New\n", _tree.Read("README.md"));
        Assert.Equal("x = 3\n", _tree.Read("src/app.py"));
        Assert.Equal("still nfd\n", _tree.Read("cafe\u0301.md"));
        Assert.Equal(["README.md", "cafe\u0301.md", "src"], Directory.EnumerateFileSystemEntries(_tree.Repo).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Edit_TwinsAlreadyInTheTree_EachEditableUnderItsExactName()
    {
        // A tree restored from a history made before these rules may hold both spellings; neither may become stuck.
        _tree.Write("Makefile", "all:\n");
        _tree.Write("makefile", "lower:\n");

        var outcome = EditApplier.Apply(_tree.Repo,
        [
            new SearchReplaceBlock("Makefile", "all:\n", "build:\n", 1),
            new DeleteFileBlock("makefile", 5),
        ]);

        Assert.True(outcome.Applied, outcome.Describe());
        Assert.Equal("build:\n", _tree.Read("Makefile"));
        Assert.False(File.Exists(Path.Combine(_tree.Repo, "makefile")));
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
    public void TemporaryFileLink_PlantedBesideTheTarget_IsNotFollowed()
    {
        // The temporary file's name was once the target's plus ".devbot-tmp": the name an attacker would plant.
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
