using System.Globalization;
using System.Text;

namespace DevBot.ScriptedModels;

/// <summary>
/// A plan wide enough to build items at once: a Python toolkit of twelve small modules in three phases, each module
/// with its own unit tests, every item independent of the others in its phase (<c>after: none</c>) and naming files no
/// other item names. The parallel-items tests and the <c>project</c> benchmark run it; standard library only, so the
/// project's tests run in the sandbox with nothing to install.
/// </summary>
public sealed class ToolkitScenario : ProjectScenario
{
    public const string Title = "Text Toolkit";

    public const string TestCommand = "python3 -m unittest discover -p \"test_*.py\" -v";

    /// <summary>The modules in plan order: item id, module name, what it does, its code and its test body.</summary>
    private static readonly (string Id, string Name, string Text, string Code, string Test)[] Modules =
    [
        ("1.1", "slug", "Slugs from titles", "import re\n\n\ndef slug(text):\n    words = re.findall(r\"[a-z0-9]+\", text.lower())\n    return \"-\".join(words)\n",
            "self.assertEqual(\"hello-world-2\", slug(\"Hello, World! 2\"))\n        self.assertEqual(\"\", slug(\"!!!\"))"),
        ("1.2", "words", "Word counts", "def words(text):\n    return len(text.split())\n",
            "self.assertEqual(3, words(\"a  b\\tc\"))\n        self.assertEqual(0, words(\"   \"))"),
        ("1.3", "truncate", "Truncation with an ellipsis", "def truncate(text, limit):\n    if limit < 1:\n        raise ValueError(\"limit must be positive\")\n    return text if len(text) <= limit else text[: limit - 1] + \"…\"\n",
            "self.assertEqual(\"abc\", truncate(\"abc\", 3))\n        self.assertEqual(\"ab…\", truncate(\"abcd\", 3))\n        with self.assertRaises(ValueError):\n            truncate(\"a\", 0)"),
        ("1.4", "initials", "Initials of names", "def initials(name):\n    return \"\".join(part[0].upper() for part in name.split() if part)\n",
            "self.assertEqual(\"AL\", initials(\"ada lovelace\"))\n        self.assertEqual(\"\", initials(\"\"))"),
        ("2.1", "mean", "Arithmetic mean", "def mean(values):\n    values = list(values)\n    if not values:\n        raise ValueError(\"no values\")\n    return sum(values) / len(values)\n",
            "self.assertEqual(2.5, mean([1, 2, 3, 4]))\n        with self.assertRaises(ValueError):\n            mean([])"),
        ("2.2", "median", "Median", "def median(values):\n    ordered = sorted(values)\n    if not ordered:\n        raise ValueError(\"no values\")\n    middle = len(ordered) // 2\n    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2\n",
            "self.assertEqual(2, median([3, 1, 2]))\n        self.assertEqual(2.5, median([4, 1, 3, 2]))"),
        ("2.3", "clamp", "Clamping to a range", "def clamp(value, low, high):\n    if low > high:\n        raise ValueError(\"low is above high\")\n    return max(low, min(high, value))\n",
            "self.assertEqual(5, clamp(9, 0, 5))\n        self.assertEqual(0, clamp(-1, 0, 5))\n        with self.assertRaises(ValueError):\n            clamp(1, 2, 1)"),
        ("2.4", "percent", "Percentages", "def percent(part, whole):\n    if whole == 0:\n        raise ZeroDivisionError(\"whole is zero\")\n    return round(100 * part / whole, 1)\n",
            "self.assertEqual(33.3, percent(1, 3))\n        with self.assertRaises(ZeroDivisionError):\n            percent(1, 0)"),
        ("3.1", "chunks", "Chunking lists", "def chunks(items, size):\n    if size < 1:\n        raise ValueError(\"size must be positive\")\n    return [items[i : i + size] for i in range(0, len(items), size)]\n",
            "self.assertEqual([[1, 2], [3]], chunks([1, 2, 3], 2))\n        self.assertEqual([], chunks([], 2))"),
        ("3.2", "dedupe", "Removing duplicates in order", "def dedupe(items):\n    seen = set()\n    return [x for x in items if not (x in seen or seen.add(x))]\n",
            "self.assertEqual([3, 1, 2], dedupe([3, 1, 3, 2, 1]))"),
        ("3.3", "flatten", "Flattening nested lists", "def flatten(items):\n    flat = []\n    for item in items:\n        flat.extend(flatten(item) if isinstance(item, list) else [item])\n    return flat\n",
            "self.assertEqual([1, 2, 3, 4], flatten([1, [2, [3]], 4]))"),
        ("3.4", "frequencies", "Counting frequencies", "from collections import Counter\n\n\ndef frequencies(items):\n    return dict(Counter(items).most_common())\n",
            "self.assertEqual({\"a\": 2, \"b\": 1}, frequencies(\"aba\"))"),
    ];

    /// <summary>Items in plan order.</summary>
    public static IReadOnlyList<string> ItemIds { get; } = Modules.Select(m => m.Id).ToList();

    internal override string ProjectTitle => Title;

    internal override string ProjectTestCommand => TestCommand;

    internal override string? SignatureFile => "toolkit_frequencies.py";

    internal override string SampleDescription => "a Python toolkit of twelve small modules (standard library only)";

    protected override string QuestionsAnswer => """
        {"questions": [
          {"id": "q1", "topic": "features", "text": "Which helpers do you need first?", "options": ["Text", "Numbers", "Lists", "All of them"]},
          {"id": "q2", "topic": "platforms", "text": "Which Python version do you use?", "options": ["3.11 or newer", "Older"]}
        ]}
        """;

    protected override string ScopeAnswer => """
        {"done": true, "title": "Text Toolkit",
         "scope": "A Python 3 library of small helpers: text (slugs, word counts, truncation, initials), numbers (mean, median, clamp, percentages) and lists (chunks, de-duplication, flattening, frequencies), each in its own module with unit tests. Standard library only."}
        """;

    protected override string PlanAnswer { get; } = BuildPlan();

    protected override string ReadmeAnswer => """"
        README.md
        ````markdown
        # Text Toolkit

        ## Overview
        Twelve small Python helpers for text, numbers and lists, one module each (`toolkit_slug.py` …
        `toolkit_frequencies.py`), each with its unit tests.

        ## Prerequisites
        - Python 3.11 or newer. No other dependencies.

        ## Installation
        Nothing to install: copy the modules you need, or run from the repository.

        ## Configuration
        None.

        ## Running
        - Tests: `python3 -m unittest discover -p "test_*.py" -v`

        ## Usage
        ```python
        from toolkit_slug import slug
        slug("Hello, World!")  # 'hello-world'
        ```

        ## Directory layout
        ```
        toolkit_*.py       one helper per module
        test_toolkit_*.py  its unit tests
        docs/              requirements, architecture, API, deployment guide
        TODO.md            the implementation plan, every item checked
        ```
        ````
        """";

    protected override string FixesAnswer => """{"fixes": []}""";

    protected override string SearchQuery => "slug words";

    protected override string BrokenItemFile => "toolkit_slug.py";

    protected override string? ItemAnswer(string item)
    {
        var module = Modules.FirstOrDefault(m => m.Id == item);
        if (module.Id is null)
        {
            return null;
        }

        return $"""
            toolkit_{module.Name}.py
            ````python
            {module.Code}````

            test_toolkit_{module.Name}.py
            ````python
            import unittest

            from toolkit_{module.Name} import {module.Name}


            class {Pascal(module.Name)}Tests(unittest.TestCase):
                def test_{module.Name}(self):
                    {module.Test}


            if __name__ == "__main__":
                unittest.main()
            ````
            """;
    }

    private static string BuildPlan()
    {
        var todo = new StringBuilder();
        var phases = new[] { "Text", "Numbers", "Lists" };
        for (var phase = 1; phase <= 3; phase++)
        {
            todo.Append(CultureInfo.InvariantCulture, $"## Phase {phase}: {phases[phase - 1]}\n");
            foreach (var m in Modules.Where(m => m.Id.StartsWith(phase.ToString(CultureInfo.InvariantCulture) + ".", StringComparison.Ordinal)))
            {
                todo.Append(CultureInfo.InvariantCulture,
                    $"- [ ] {m.Id} {m.Text} (files: toolkit_{m.Name}.py, test_toolkit_{m.Name}.py; check: `python3 -m unittest test_toolkit_{m.Name}`; after: none)\n");
            }

            todo.Append('\n');
        }

        var contracts = string.Join("\n", Modules.Select(m =>
            $"- `toolkit_{m.Name}.{m.Name}` — {m.Text.ToLowerInvariant()}: implemented in `toolkit_{m.Name}.py`, tested in `test_toolkit_{m.Name}.py` "
            + $"(`python3 -m unittest test_toolkit_{m.Name}`). It follows the conventions above; its errors are those its item names, "
            + "and it keeps no state between calls, so it may be called from any thread."));
        return $""""
            docs/requirements.md
            ````markdown
            # Requirements — Text Toolkit

            1. Text helpers: slug, word count, truncation with an ellipsis, initials.
            2. Number helpers: mean, median, clamp, percentages; empty input is an error.
            3. List helpers: chunks, de-duplication keeping order, flattening, frequencies.
            4. Every helper has unit tests; standard library only.
            ````

            docs/architecture.md
            ````markdown
            # Architecture — Text Toolkit

            Python 3.11, standard library only. One module per helper (`toolkit_<name>.py`) exposing one function of the
            same name, so helpers can be built and tested independently; one test module per helper (`test_toolkit_<name>.py`).

            ## Conventions every module follows
            - A module holds one public function named like the module, with a docstring-free, obvious signature; helpers it
              needs stay private (a leading underscore) and inside the module: modules never import each other.
            - Inputs are validated at the top of the function; invalid input raises `ValueError` with a message that names
              the argument (`"limit must be positive"`), division by zero raises `ZeroDivisionError`; nothing else is raised
              on purpose and nothing is caught and hidden.
            - Functions are pure: no I/O, no global state, no mutation of their arguments; they return new values.
            - Text is `str` (Unicode); comparisons that ignore case use `str.lower()`; no locale-dependent behaviour.
            - Numbers are `int` or `float`; results that are ratios are `float`; rounding happens only where the contract says.
            - Collections are accepted as any iterable where the contract says "values"; lists are returned.

            ## Module contracts
            {contracts}

            ## Tests
            Each test module imports only its own helper, uses `unittest`, needs no fixtures or files, and covers the normal
            case, the edge case (empty input, a limit of one) and every error the contract names. The whole suite runs with
            `{TestCommand}` from the repository root in well under a second; each item's check runs its own test module.

            ## Layout
            All modules sit at the repository root so that `python3 -m unittest` finds them without packaging; there is no
            `setup.py` or `pyproject.toml` because nothing is installed: users copy the modules they need.
            ````

            docs/api_documentation.md
            ````markdown
            # API — Text Toolkit

            Each module `toolkit_<name>` exposes `<name>(…)`: slug(text), words(text), truncate(text, limit),
            initials(name), mean(values), median(values), clamp(value, low, high), percent(part, whole), chunks(items, size),
            dedupe(items), flatten(items), frequencies(items).
            ````

            docs/deployment_guide.md
            ````markdown
            # Deployment guide — Text Toolkit

            Prerequisites: Python 3.11 or newer. Nothing to install or build.

            Test command: `{TestCommand}`
            ````

            TODO.md
            ````markdown
            # TODO — Text Toolkit

            {todo.ToString().TrimEnd()}
            ````
            """";
    }

    private static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name[1..];
}
