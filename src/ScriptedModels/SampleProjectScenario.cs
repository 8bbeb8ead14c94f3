namespace DevBot.ScriptedModels;

/// <summary>
/// The offline demo and the pipeline tests: a scripted Architect and Implementer that take an idea for a small
/// note-taking tool through questions, scope, plan, implementation (with one review finding to fix), tests and
/// README, producing a real Python project whose own tests pass (<c>python3 -m unittest</c>). It answers DevBot's
/// prompts by their task markers (<c>[devbot:task=…]</c>); every answer is scripted, none comes from a model.
/// </summary>
public sealed class SampleProjectScenario : ProjectScenario
{
    public const string Title = "Notes CLI";

    public const string TestCommand = "python3 -m unittest discover -s tests -t . -v";

    /// <summary>Items the scenario can implement, in plan order (R1.1 is added by the review of phase 1).</summary>
    public static readonly IReadOnlyList<string> ItemIds = ["1.1", "1.2", "1.3", "2.1", "R1.1"];

    internal override string ProjectTitle => Title;

    internal override string ProjectTestCommand => TestCommand;

    internal override string SampleDescription => "its sample Python notes command-line tool (standard library only)";

    protected override string QuestionsAnswer => """
        {"questions": [
          {"id": "q1", "topic": "platforms", "text": "Where will you use the notes tool?", "options": ["Command line", "Web", "Mobile"]},
          {"id": "q2", "topic": "features", "text": "Besides adding and listing notes, should it search and delete them?", "options": ["Yes, both", "Only search", "No"]},
          {"id": "q3", "topic": "integrations", "text": "Where should notes be kept?", "options": ["A local JSON file", "A database"]}
        ]}
        """;

    protected override string ScopeAnswer => """
        {"done": true, "title": "Notes CLI",
         "scope": "A small Python 3 command-line tool and library for personal notes. Users add notes (title and optional body), list them, search them by text and delete them by id. Notes are kept in a local JSON file (configurable path). Out of scope: sync, multiple users, a GUI."}
        """;

    protected override string PlanAnswer => Plan;

    protected override string ReadmeAnswer => Readme;

    protected override string FixesAnswer => """{"fixes": [{"title": "Make the failing tests pass", "files": ["notes/store.py"], "check": "the tests pass"}]}""";

    protected override string SearchQuery => "add note title";

    protected override string BrokenItemFile => "notes/store.py";

    protected override string? ItemAnswer(string item) => item switch
    {
        "1.1" => Item11,
        "1.2" => Item12,
        "1.3" => Item13,
        "2.1" => Item21,
        "R1.1" => ItemR11,
        _ => null,
    };

    protected override string VerdictAnswer(string phase, string round) => phase == "1" && round == "1"
        ? """
            {"pass": false, "findings": [
              {"title": "Reject empty note titles", "files": ["notes/store.py", "tests/test_store.py"], "check": "test_empty_title_is_rejected passes"}
            ]}
            """
        : """{"pass": true}""";

    private const string Plan = """"
        docs/requirements.md
        ````markdown
        # Requirements — Notes CLI

        ## Functional
        1. Add a note with a title and an optional body; it gets the next free id.
        2. List all notes.
        3. Find notes whose title or body contains a text (case-insensitive).
        4. Delete a note by id.
        5. Notes persist in a JSON file; its path is configurable (default `notes.json`).
        6. An empty title is refused.

        ## Non-functional
        1. Python 3.11 standard library only; no network.
        2. Every feature has unit tests that run offline.
        ````

        docs/architecture.md
        ````markdown
        # Architecture — Notes CLI

        ## Tech stack
        - **Python 3 standard library** — no dependencies to install, runs anywhere Python runs.
        - **JSON file storage** (`json`, `pathlib`) — human-readable, enough for personal notes.
        - **argparse** for the command line — standard, self-documenting (`--help`).
        - **unittest** for tests — built in, no test runner to install.

        ## Components
        - `notes/store.py` — `Note` (dataclass) and `NoteStore` (add, list, find, delete; loads and saves the file).
        - `notes/cli.py` — the command line; parses arguments and calls `NoteStore`.

        ## Data model
        A note is `{"id": int, "title": str, "body": str}`; the file holds a JSON array of notes.
        ````

        docs/api_documentation.md
        ````markdown
        # API — Notes CLI

        ## Command line
        - `python3 -m notes.cli [--file PATH] add TITLE [--body TEXT]` — prints `added <id>`.
        - `python3 -m notes.cli [--file PATH] list` — prints `<id>: <title>` per note.
        - `python3 -m notes.cli [--file PATH] find TEXT` — prints matching notes.
        - `python3 -m notes.cli [--file PATH] delete ID` — prints `deleted` or exits with 1.

        ## Library
        `NoteStore(path).add(title, body="") -> Note`, `.list() -> list[Note]`, `.find(text) -> list[Note]`,
        `.delete(note_id) -> bool`. `add` raises `ValueError` for an empty title.
        ````

        docs/deployment_guide.md
        ````markdown
        # Deployment guide — Notes CLI

        Prerequisites: Python 3.11 or newer.

        Build: nothing to build; the package is plain Python.

        Configuration: `--file PATH` chooses the notes file (default `notes.json` in the current folder).

        Run in development: `python3 -m notes.cli list`. In production, install with `pip install .` and run `notes`.

        Test command: `python3 -m unittest discover -s tests -t . -v`
        ````

        TODO.md
        ````markdown
        # TODO — Notes CLI

        ## Phase 1: Core library
        - [ ] 1.1 Create the package skeleton (files: notes/__init__.py, pyproject.toml; check: `python3 -c "import notes"` works)
        - [ ] 1.2 Implement Note and NoteStore with add, list, find and delete (files: notes/store.py; check: the store tests pass)
        - [ ] 1.3 Unit tests for NoteStore (files: tests/__init__.py, tests/test_store.py; check: `python3 -m unittest` passes)

        ## Phase 2: Command line
        - [ ] 2.1 Command-line interface with add, list, find and delete (files: notes/cli.py, tests/test_cli.py; check: test_cli passes)
        ````
        """";

    private const string Item11 = """"
        notes/__init__.py
        ````python
        """Notes: a small library and command-line tool for personal notes."""

        __version__ = "0.1.0"
        ````

        pyproject.toml
        ````toml
        [project]
        name = "notes-cli"
        version = "0.1.0"
        description = "A small command-line tool for personal notes"
        requires-python = ">=3.11"

        [project.scripts]
        notes = "notes.cli:main"
        ````
        """";

    private const string Item12 = """"
        notes/store.py
        ````python
        import json
        from dataclasses import asdict, dataclass
        from pathlib import Path


        @dataclass
        class Note:
            id: int
            title: str
            body: str = ""


        class NoteStore:
            """Keeps notes in a JSON file."""

            def __init__(self, path):
                self.path = Path(path)
                self.notes = []
                if self.path.exists():
                    self.notes = [Note(**n) for n in json.loads(self.path.read_text(encoding="utf-8"))]

            def add(self, title, body=""):
                note = Note(id=max((n.id for n in self.notes), default=0) + 1, title=title, body=body)
                self.notes.append(note)
                self._save()
                return note

            def list(self):
                return list(self.notes)

            def find(self, text):
                text = text.lower()
                return [n for n in self.notes if text in n.title.lower() or text in n.body.lower()]

            def delete(self, note_id):
                before = len(self.notes)
                self.notes = [n for n in self.notes if n.id != note_id]
                self._save()
                return len(self.notes) < before

            def _save(self):
                self.path.write_text(json.dumps([asdict(n) for n in self.notes], indent=2), encoding="utf-8")
        ````
        """";

    private const string Item13 = """"
        tests/__init__.py
        ````python
        ````

        tests/test_store.py
        ````python
        import tempfile
        import unittest
        from pathlib import Path

        from notes.store import NoteStore


        class NoteStoreTests(unittest.TestCase):
            def setUp(self):
                self.folder = tempfile.TemporaryDirectory()
                self.path = Path(self.folder.name) / "notes.json"

            def tearDown(self):
                self.folder.cleanup()

            def test_add_assigns_increasing_ids(self):
                store = NoteStore(self.path)
                self.assertEqual(1, store.add("first").id)
                self.assertEqual(2, store.add("second").id)

            def test_notes_survive_reopening(self):
                NoteStore(self.path).add("kept", "body")
                self.assertEqual(["kept"], [n.title for n in NoteStore(self.path).list()])

            def test_find_matches_title_and_body(self):
                store = NoteStore(self.path)
                store.add("Groceries", "milk and eggs")
                store.add("Work", "call Alice")
                self.assertEqual(["Groceries"], [n.title for n in store.find("MILK")])
                self.assertEqual(["Work"], [n.title for n in store.find("work")])

            def test_delete_removes_only_that_note(self):
                store = NoteStore(self.path)
                first = store.add("a")
                store.add("b")
                self.assertTrue(store.delete(first.id))
                self.assertFalse(store.delete(first.id))
                self.assertEqual(["b"], [n.title for n in store.list()])


        if __name__ == "__main__":
            unittest.main()
        ````
        """";

    private const string Item21 = """"
        notes/cli.py
        ````python
        import argparse
        import sys

        from notes.store import NoteStore


        def main(argv=None):
            parser = argparse.ArgumentParser(prog="notes", description="Personal notes on the command line.")
            parser.add_argument("--file", default="notes.json", help="the notes file (default: notes.json)")
            commands = parser.add_subparsers(dest="command", required=True)
            add = commands.add_parser("add", help="add a note")
            add.add_argument("title")
            add.add_argument("--body", default="")
            commands.add_parser("list", help="list all notes")
            find = commands.add_parser("find", help="find notes containing a text")
            find.add_argument("text")
            delete = commands.add_parser("delete", help="delete a note by id")
            delete.add_argument("id", type=int)
            args = parser.parse_args(argv)

            store = NoteStore(args.file)
            if args.command == "add":
                try:
                    note = store.add(args.title, args.body)
                except ValueError as error:
                    print(f"error: {error}", file=sys.stderr)
                    return 2
                print(f"added {note.id}")
            elif args.command == "list":
                for note in store.list():
                    print(f"{note.id}: {note.title}")
            elif args.command == "find":
                for note in store.find(args.text):
                    print(f"{note.id}: {note.title}")
            elif args.command == "delete":
                if not store.delete(args.id):
                    print("no such note", file=sys.stderr)
                    return 1
                print("deleted")
            return 0


        if __name__ == "__main__":
            raise SystemExit(main())
        ````

        tests/test_cli.py
        ````python
        import contextlib
        import io
        import tempfile
        import unittest
        from pathlib import Path

        from notes.cli import main


        class CliTests(unittest.TestCase):
            def run_cli(self, *args):
                out = io.StringIO()
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                    code = main(["--file", str(self.path), *args])
                return code, out.getvalue()

            def setUp(self):
                self.folder = tempfile.TemporaryDirectory()
                self.path = Path(self.folder.name) / "notes.json"

            def tearDown(self):
                self.folder.cleanup()

            def test_add_list_find_delete(self):
                self.assertEqual((0, "added 1\n"), self.run_cli("add", "Buy milk"))
                self.assertEqual((0, "1: Buy milk\n"), self.run_cli("list"))
                self.assertEqual((0, "1: Buy milk\n"), self.run_cli("find", "milk"))
                self.assertEqual((0, "deleted\n"), self.run_cli("delete", "1"))
                self.assertEqual(1, self.run_cli("delete", "1")[0])


        if __name__ == "__main__":
            unittest.main()
        ````
        """";

    private const string ItemR11 = """"
        notes/store.py
        <<<<<<< SEARCH
            def add(self, title, body=""):
                note = Note(id=max((n.id for n in self.notes), default=0) + 1, title=title, body=body)
        =======
            def add(self, title, body=""):
                if not title or not title.strip():
                    raise ValueError("a note needs a title")
                note = Note(id=max((n.id for n in self.notes), default=0) + 1, title=title, body=body)
        >>>>>>> REPLACE

        tests/test_store.py
        <<<<<<< SEARCH
            def test_delete_removes_only_that_note(self):
        =======
            def test_empty_title_is_rejected(self):
                store = NoteStore(self.path)
                with self.assertRaises(ValueError):
                    store.add("   ")
                self.assertEqual([], store.list())

            def test_delete_removes_only_that_note(self):
        >>>>>>> REPLACE
        """";

    private const string Readme = """"
        README.md
        ````markdown
        # Notes CLI

        ## Overview
        A small command-line tool and Python library for personal notes: add notes with a title and an optional
        body, list them, search them by text and delete them. Notes are kept in a JSON file.

        ## Prerequisites
        - Python 3.11 or newer. No other dependencies.

        ## Installation
        ```sh
        pip install .
        ```
        or run it straight from the repository with `python3 -m notes.cli`.

        ## Configuration
        `--file PATH` chooses the notes file (default `notes.json` in the current folder).

        ## Running
        - Development: `python3 -m notes.cli list`
        - Build: nothing to build (plain Python); `pip install .` installs the `notes` command.
        - Production: install it for the user who keeps the notes; back up the notes file like any document.
        - Tests: `python3 -m unittest discover -s tests -t . -v`

        ## Usage
        ```sh
        $ python3 -m notes.cli add "Buy milk" --body "2 litres"
        added 1
        $ python3 -m notes.cli find milk
        1: Buy milk
        $ python3 -m notes.cli delete 1
        deleted
        ```

        ## Directory layout
        ```
        notes/            the package: store.py (NoteStore), cli.py (command line)
        tests/            unit tests (unittest)
        docs/             requirements, architecture, API, deployment guide
        TODO.md           the implementation plan, every item checked
        pyproject.toml    package metadata
        ```
        ````
        """";
}
