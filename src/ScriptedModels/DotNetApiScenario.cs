namespace DevBot.ScriptedModels;

/// <summary>
/// A scripted Architect and Implementer that build a C# minimal API (ASP.NET Core, net10.0) with NuGet dependencies:
/// a to-do API tested with xunit and <c>WebApplicationFactory</c> (Microsoft.AspNetCore.Mvc.Testing), under a
/// solution file at the root so <c>dotnet test</c> there runs them. Three items keep the per-item builds few. Item
/// <see cref="CheckFailsFirstItem"/> answers first with a store that uses <c>ConcurrentDictionary</c> without its
/// <c>using</c> (error CS0246), so its check fails to compile; DevBot's follow-up
/// (<see cref="ProjectScenario.CheckFailedMarker"/>) gets the missing line.
/// </summary>
public sealed class DotNetApiScenario : ProjectScenario
{
    public const string Title = "Todo API";

    public const string InstallCommand = "dotnet restore";

    public const string BuildCommand = "dotnet build";

    public const string TestCommand = "dotnet test";

    /// <summary>The item whose check fails after its first answer and passes after the fix.</summary>
    public const string CheckFailsFirstItem = "1.2";

    /// <summary>Items the scenario implements, in plan order.</summary>
    public static readonly IReadOnlyList<string> ItemIds = ["1.1", "1.2", "2.1"];

    /// <summary>Each item's check command, as TODO.md gives it.</summary>
    public static readonly IReadOnlyDictionary<string, string> CheckCommands = new Dictionary<string, string>
    {
        ["1.1"] = "dotnet test",
        ["1.2"] = "dotnet test",
        ["2.1"] = "dotnet test",
    };

    public DotNetApiScenario() => AnnouncesSample = true;

    internal override string ProjectTitle => Title;

    internal override string ProjectTestCommand => TestCommand;

    internal override string? SignatureFile => "src/TodoApi/TodoApi.csproj";

    internal override string SampleDescription => "its sample C# to-do API (ASP.NET Core minimal API, xunit)";

    protected override string QuestionsAnswer => """
        {"questions": [
          {"id": "q1", "topic": "platforms", "text": "Where will the to-do API run?", "options": ["On a server or in a container", "On my own machine"]},
          {"id": "q2", "topic": "features", "text": "Besides adding and listing to-dos, should they be renamed, marked done and deleted?", "options": ["Yes, all of it", "Only marking done"]},
          {"id": "q3", "topic": "integrations", "text": "Where should to-dos be kept for now?", "options": ["In memory", "A database"]}
        ]}
        """;

    protected override string ScopeAnswer => """
        {"done": true, "title": "Todo API",
         "scope": "A small HTTP JSON API in C# on ASP.NET Core (.NET 10, minimal API) for a to-do list.\nClients add a to-do (a title), list them, fetch one by id, rename it or mark it done, and delete it.\nAn empty or over-long title is refused with status 400 and the reason; unknown ids answer 404.\nTo-dos are kept in memory in this version.\nOut of scope: users and sign-in, a database, a web front-end."}
        """;

    protected override string PlanAnswer => Plan;

    protected override string ReadmeAnswer => Readme;

    protected override string FixesAnswer => """{"fixes": [{"title": "Make the failing endpoint tests pass", "files": ["src/TodoApi/Program.cs", "tests/TodoApi.Tests/TodoEndpointsTests.cs"], "check": "dotnet test passes"}]}""";

    protected override string SearchQuery => "MapPost todos title";

    protected override string BrokenItemFile => "src/TodoApi/Program.cs";

    protected override string? ItemAnswer(string item) => item switch
    {
        "1.1" => Item11,
        "1.2" => Item12,
        "2.1" => Item21,
        _ => null,
    };

    protected override string? CheckFixAnswer(string item) => item == CheckFailsFirstItem ? Item12Fix : null;

    private const string Plan = """"
        docs/requirements.md
        ````markdown
        # Requirements — Todo API

        ## Functional
        1. `POST /todos` with `{"title": "..."}` adds a to-do (not done) and answers 201 with it and a `Location` header.
        2. A title is required, not blank, at most 200 characters; otherwise the API answers 400 with the reason.
        3. `GET /todos` lists all to-dos in order of creation; `GET /todos/{id}` answers one, or 404.
        4. `PUT /todos/{id}` with `{"title"?, "done"?}` renames and/or marks a to-do done; 404 for an unknown id,
           400 for a blank title.
        5. `DELETE /todos/{id}` deletes a to-do (204), or answers 404.
        6. `GET /health` answers 200 `{"status": "ok"}`.

        ## Non-functional
        1. C# on .NET 10, ASP.NET Core minimal API; no database (to-dos are kept in memory).
        2. Safe under concurrent requests.
        3. Every endpoint has automated tests that run offline with `dotnet test`.
        ````

        docs/architecture.md
        ````markdown
        # Architecture — Todo API

        ## Tech stack
        - **.NET 10 and ASP.NET Core minimal APIs** — long-term support, a small HTTP API in a few lines, fast.
        - **In-memory store** (`ConcurrentDictionary`) — enough for this version; a database can replace it behind the
          same class.
        - **xunit 2 with Microsoft.AspNetCore.Mvc.Testing** — `WebApplicationFactory<Program>` runs the real app in
          memory, so tests exercise routing, binding and status codes without a network.

        ## Components
        - `src/TodoApi/Program.cs` — the host and the endpoints (`/health`, `/todos` group).
        - `src/TodoApi/Todo.cs` — `Todo` (the to-do) and `TodoInput` (what a client sends, with the title rule).
        - `src/TodoApi/TodoStore.cs` — `TodoStore`, a singleton: add, list, find, update, remove.
        - `tests/TodoApi.Tests` — endpoint tests through `WebApplicationFactory<Program>`.
        - `TodoApi.slnx` — the solution, so `dotnet build` and `dotnet test` work from the root.

        ## Data model
        `Todo(int Id, string Title, bool Done)`, as JSON `{"id": 1, "title": "Buy milk", "done": false}`. Ids are
        positive integers in order of creation, never reused while the process runs.
        ````

        docs/api_documentation.md
        ````markdown
        # API — Todo API

        All bodies are JSON. Validation errors are RFC 9457 problem details with an `errors.title` entry.

        ## POST /todos
        Body: `{"title": "Buy milk"}`. 201 with the to-do and `Location: /todos/<id>`; 400 for a blank or too long title.

        ## GET /todos
        200 with the list of to-dos, in order of creation.

        ## GET /todos/{id}
        200 with the to-do; 404 when there is none.

        ## PUT /todos/{id}
        Body: `{"title": "Buy oat milk", "done": true}` (both optional). 200 with the changed to-do; 400 for a blank
        title; 404 when there is none.

        ## DELETE /todos/{id}
        204; 404 when there is none.

        ## GET /health
        200 `{"status": "ok"}`.

        Example:
        ```sh
        curl -s -X POST localhost:5000/todos -H 'Content-Type: application/json' -d '{"title": "Buy milk"}'
        ```
        ````

        docs/deployment_guide.md
        ````markdown
        # Deployment guide — Todo API

        Prerequisites: the .NET 10 SDK (to build and test); the ASP.NET Core 10 runtime to run a published build.

        Install command: `dotnet restore`

        Build command: `dotnet build`

        Configuration: the standard ASP.NET Core settings, e.g. `ASPNETCORE_URLS=http://0.0.0.0:8080` to choose where
        it listens, `ASPNETCORE_ENVIRONMENT=Production`.

        Run in development: `dotnet run --project src/TodoApi`. In production: `dotnet publish src/TodoApi -c Release
        -o out`, then `dotnet out/TodoApi.dll` under a process manager or in a container, behind a reverse proxy that
        terminates TLS; to-dos live in memory, so a restart empties them.

        Test command: `dotnet test`
        ````

        TODO.md
        ````markdown
        # TODO — Todo API

        ## Phase 1: The API and its tests
        - [ ] 1.1 Solution, web API project with a health endpoint, and the test project (files: TodoApi.slnx, .gitignore, src/TodoApi/TodoApi.csproj, src/TodoApi/Program.cs, tests/TodoApi.Tests/TodoApi.Tests.csproj, tests/TodoApi.Tests/HealthTests.cs; check: `dotnet test`)
        - [ ] 1.2 To-do store with the create, list and get endpoints, with endpoint tests (files: src/TodoApi/Todo.cs, src/TodoApi/TodoStore.cs, src/TodoApi/Program.cs, tests/TodoApi.Tests/TodoEndpointsTests.cs; check: `dotnet test`)

        ## Phase 2: Changing to-dos
        - [ ] 2.1 Update and delete endpoints with 404 for unknown ids, with endpoint tests (files: src/TodoApi/TodoStore.cs, src/TodoApi/Program.cs, tests/TodoApi.Tests/TodoEndpointsTests.cs; check: `dotnet test`)
        ````
        """";

    private const string Item11 = """"
        TodoApi.slnx
        ````xml
        <Solution>
          <Folder Name="/src/">
            <Project Path="src/TodoApi/TodoApi.csproj" />
          </Folder>
          <Folder Name="/tests/">
            <Project Path="tests/TodoApi.Tests/TodoApi.Tests.csproj" />
          </Folder>
        </Solution>
        ````

        .gitignore
        ````
        bin/
        obj/
        ````

        src/TodoApi/TodoApi.csproj
        ````xml
        <Project Sdk="Microsoft.NET.Sdk.Web">

          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <RootNamespace>TodoApi</RootNamespace>
          </PropertyGroup>

        </Project>
        ````

        src/TodoApi/Program.cs
        ````csharp
        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();

        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));

        app.Run();

        // Lets the tests start the API in memory with WebApplicationFactory<Program>.
        public partial class Program;
        ````

        tests/TodoApi.Tests/TodoApi.Tests.csproj
        ````xml
        <Project Sdk="Microsoft.NET.Sdk">

          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <IsPackable>false</IsPackable>
            <IsTestProject>true</IsTestProject>
          </PropertyGroup>

          <ItemGroup>
            <PackageReference Include="Microsoft.AspNetCore.Mvc.Testing" Version="10.0.15" />
            <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />
            <PackageReference Include="xunit" Version="2.9.3" />
            <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
          </ItemGroup>

          <ItemGroup>
            <Using Include="Xunit" />
          </ItemGroup>

          <ItemGroup>
            <ProjectReference Include="..\..\src\TodoApi\TodoApi.csproj" />
          </ItemGroup>

        </Project>
        ````

        tests/TodoApi.Tests/HealthTests.cs
        ````csharp
        using System.Net;
        using System.Net.Http.Json;
        using Microsoft.AspNetCore.Mvc.Testing;

        namespace TodoApi.Tests;

        public sealed class HealthTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
        {
            [Fact]
            public async Task Health_Always_AnswersOk()
            {
                using var client = factory.CreateClient();

                var response = await client.GetAsync("/health");

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("ok", (await response.Content.ReadFromJsonAsync<HealthStatus>())!.Status);
            }

            private sealed record HealthStatus(string Status);
        }
        ````
        """";

    // The first answer of 1.2: TodoStore.cs uses ConcurrentDictionary without `using System.Collections.Concurrent;`
    // (not among the implicit usings), so the build fails with CS0246.
    private const string Item12 = """"
        src/TodoApi/Todo.cs
        ````csharp
        namespace TodoApi;

        /// <summary>A to-do item.</summary>
        public sealed record Todo(int Id, string Title, bool Done);

        /// <summary>What a client sends to add or change a to-do; absent fields stay as they are.</summary>
        public sealed record TodoInput(string? Title, bool? Done)
        {
            public const int MaxTitleLength = 200;

            /// <summary>Why a title is refused, or null when it is fine.</summary>
            public static string? TitleProblem(string? title) =>
                string.IsNullOrWhiteSpace(title) ? "A title is required."
                : title.Trim().Length > MaxTitleLength ? $"A title has at most {MaxTitleLength} characters."
                : null;
        }
        ````

        src/TodoApi/TodoStore.cs
        ````csharp
        namespace TodoApi;

        /// <summary>Keeps to-dos in memory; safe for concurrent requests.</summary>
        public sealed class TodoStore
        {
            private readonly ConcurrentDictionary<int, Todo> _todos = new();
            private int _lastId;

            public IReadOnlyList<Todo> All() => _todos.Values.OrderBy(todo => todo.Id).ToList();

            public Todo? Find(int id) => _todos.TryGetValue(id, out var todo) ? todo : null;

            public Todo Add(string title)
            {
                var todo = new Todo(Interlocked.Increment(ref _lastId), title.Trim(), false);
                _todos[todo.Id] = todo;
                return todo;
            }
        }
        ````

        src/TodoApi/Program.cs
        ````csharp
        using TodoApi;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton<TodoStore>();

        var app = builder.Build();

        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));

        var todos = app.MapGroup("/todos");

        todos.MapGet("/", (TodoStore store) => Results.Ok(store.All()));

        todos.MapGet("/{id:int}", (int id, TodoStore store) =>
            store.Find(id) is { } todo ? Results.Ok(todo) : Results.NotFound());

        todos.MapPost("/", (TodoInput input, TodoStore store) =>
        {
            if (TodoInput.TitleProblem(input.Title) is { } problem)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["title"] = [problem] });
            }

            var todo = store.Add(input.Title!);
            return Results.Created($"/todos/{todo.Id}", todo);
        });

        app.Run();

        // Lets the tests start the API in memory with WebApplicationFactory<Program>.
        public partial class Program;
        ````

        tests/TodoApi.Tests/TodoEndpointsTests.cs
        ````csharp
        using System.Net;
        using System.Net.Http.Json;
        using Microsoft.AspNetCore.Mvc.Testing;

        namespace TodoApi.Tests;

        /// <summary>Each test gets its own app, so its own empty store.</summary>
        public sealed class TodoEndpointsTests : IDisposable
        {
            private readonly WebApplicationFactory<Program> _factory = new();
            private readonly HttpClient _client;

            public TodoEndpointsTests() => _client = _factory.CreateClient();

            [Fact]
            public async Task Post_ValidTitle_Answers201WithTheTodoAndItsLocation()
            {
                var response = await _client.PostAsJsonAsync("/todos", new { title = " Buy milk " });

                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                var todo = await response.Content.ReadFromJsonAsync<Todo>();
                Assert.Equal("Buy milk", todo!.Title);
                Assert.False(todo.Done);
                Assert.Equal($"/todos/{todo.Id}", response.Headers.Location!.OriginalString);
            }

            [Theory]
            [InlineData("")]
            [InlineData("   ")]
            public async Task Post_BlankTitle_Answers400NamingTheTitle(string title)
            {
                var response = await _client.PostAsJsonAsync("/todos", new { title });

                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Contains("title", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            [Fact]
            public async Task GetAll_AfterTwoPosts_ListsBothInOrder()
            {
                await _client.PostAsJsonAsync("/todos", new { title = "first" });
                await _client.PostAsJsonAsync("/todos", new { title = "second" });

                var todos = await _client.GetFromJsonAsync<List<Todo>>("/todos");

                Assert.Equal(new[] { "first", "second" }, todos!.Select(todo => todo.Title));
            }

            [Fact]
            public async Task GetById_KnownAndUnknownIds_AnswersTheTodoOr404()
            {
                var created = await (await _client.PostAsJsonAsync("/todos", new { title = "Buy milk" })).Content.ReadFromJsonAsync<Todo>();

                Assert.Equal(created, await _client.GetFromJsonAsync<Todo>($"/todos/{created!.Id}"));
                Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/todos/999")).StatusCode);
            }

            public void Dispose()
            {
                _client.Dispose();
                _factory.Dispose();
            }
        }
        ````
        """";

    private const string Item12Fix = """"
        src/TodoApi/TodoStore.cs
        <<<<<<< SEARCH
        namespace TodoApi;

        /// <summary>Keeps to-dos in memory; safe for concurrent requests.</summary>
        =======
        using System.Collections.Concurrent;

        namespace TodoApi;

        /// <summary>Keeps to-dos in memory; safe for concurrent requests.</summary>
        >>>>>>> REPLACE
        """";

    private const string Item21 = """"
        src/TodoApi/TodoStore.cs
        <<<<<<< SEARCH
            public Todo Add(string title)
            {
        =======
            /// <summary>Changes the given fields of a to-do; null when there is none with that id.</summary>
            public Todo? Update(int id, string? title, bool? done)
            {
                while (_todos.TryGetValue(id, out var current))
                {
                    var changed = current with { Title = title?.Trim() ?? current.Title, Done = done ?? current.Done };
                    if (_todos.TryUpdate(id, changed, current))
                    {
                        return changed;
                    }
                }

                return null;
            }

            public bool Remove(int id) => _todos.TryRemove(id, out _);

            public Todo Add(string title)
            {
        >>>>>>> REPLACE

        src/TodoApi/Program.cs
        <<<<<<< SEARCH
        app.Run();
        =======
        todos.MapPut("/{id:int}", (int id, TodoInput input, TodoStore store) =>
        {
            if (input.Title is not null && TodoInput.TitleProblem(input.Title) is { } problem)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["title"] = [problem] });
            }

            return store.Update(id, input.Title, input.Done) is { } todo ? Results.Ok(todo) : Results.NotFound();
        });

        todos.MapDelete("/{id:int}", (int id, TodoStore store) =>
            store.Remove(id) ? Results.NoContent() : Results.NotFound());

        app.Run();
        >>>>>>> REPLACE

        tests/TodoApi.Tests/TodoEndpointsTests.cs
        <<<<<<< SEARCH
            public void Dispose()
        =======
            [Fact]
            public async Task Put_DoneAndNewTitle_ChangesBoth()
            {
                var created = await (await _client.PostAsJsonAsync("/todos", new { title = "Buy milk" })).Content.ReadFromJsonAsync<Todo>();

                var response = await _client.PutAsJsonAsync($"/todos/{created!.Id}", new { title = "Buy oat milk", done = true });

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(created with { Title = "Buy oat milk", Done = true }, await _client.GetFromJsonAsync<Todo>($"/todos/{created.Id}"));
            }

            [Fact]
            public async Task Put_BlankTitleOrUnknownId_Answers400Or404()
            {
                var created = await (await _client.PostAsJsonAsync("/todos", new { title = "Buy milk" })).Content.ReadFromJsonAsync<Todo>();

                Assert.Equal(HttpStatusCode.BadRequest, (await _client.PutAsJsonAsync($"/todos/{created!.Id}", new { title = " " })).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await _client.PutAsJsonAsync("/todos/999", new { done = true })).StatusCode);
            }

            [Fact]
            public async Task Delete_Twice_Answers204Then404()
            {
                var created = await (await _client.PostAsJsonAsync("/todos", new { title = "Buy milk" })).Content.ReadFromJsonAsync<Todo>();

                Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/todos/{created!.Id}")).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/todos/{created.Id}")).StatusCode);
                Assert.Empty((await _client.GetFromJsonAsync<List<Todo>>("/todos"))!);
            }

            public void Dispose()
        >>>>>>> REPLACE
        """";

    private const string Readme = """"
        README.md
        ````markdown
        # Todo API

        ## Overview
        A small HTTP JSON API for a to-do list, in C# on ASP.NET Core (.NET 10, minimal API): add to-dos, list them,
        fetch one, rename it or mark it done, and delete it. Blank titles are refused with 400, unknown ids answer 404.
        To-dos are kept in memory.

        ## Prerequisites
        - The .NET 10 SDK (build and tests); the ASP.NET Core 10 runtime is enough to run a published build.

        ## Installation
        ```sh
        dotnet restore
        ```

        ## Configuration
        Standard ASP.NET Core settings, for example:
        - `ASPNETCORE_URLS=http://0.0.0.0:8080` — where the API listens.
        - `ASPNETCORE_ENVIRONMENT=Production` — the environment name.

        ## Running
        - Development: `dotnet run --project src/TodoApi`
        - Build: `dotnet build` (the solution `TodoApi.slnx` at the root).
        - Production: `dotnet publish src/TodoApi -c Release -o out`, then `dotnet out/TodoApi.dll` under a process
          manager or in a container, behind a reverse proxy that terminates TLS. To-dos live in memory: a restart
          empties them.
        - Tests: `dotnet test` (xunit; the API runs in memory through WebApplicationFactory, no network needed).

        ## Usage
        ```sh
        $ curl -s -X POST localhost:5000/todos -H 'Content-Type: application/json' -d '{"title": "Buy milk"}'
        {"id":1,"title":"Buy milk","done":false}
        $ curl -s -X PUT localhost:5000/todos/1 -H 'Content-Type: application/json' -d '{"done": true}'
        {"id":1,"title":"Buy milk","done":true}
        $ curl -s localhost:5000/todos
        [{"id":1,"title":"Buy milk","done":true}]
        $ curl -s -o /dev/null -w '%{http_code}\n' -X DELETE localhost:5000/todos/1
        204
        ```

        ## Directory layout
        ```
        TodoApi.slnx                 the solution (dotnet build / dotnet test from here)
        src/TodoApi/                 the API: Program.cs (endpoints), Todo.cs, TodoStore.cs
        tests/TodoApi.Tests/         xunit tests through WebApplicationFactory<Program>
        docs/                        requirements, architecture, API, deployment guide
        TODO.md                      the implementation plan, every item checked
        ```
        ````
        """";
}
