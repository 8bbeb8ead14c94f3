namespace DevBot.ScriptedModels;

/// <summary>
/// A scripted Architect and Implementer that build a JavaScript (CommonJS) HTTP API on Node.js with npm
/// dependencies: a bookmarks API on Express 5, tested with Node's built-in runner (<c>node --test</c>) and supertest.
/// Node's runner needs nothing installed, so an item whose tests use only the standard library checks before any
/// install, and jest's few hundred packages stay out of the install. Item <see cref="CheckFailsFirstItem"/> answers
/// first with a route that replies 200 where its own test expects 201, so its check fails; DevBot's follow-up
/// (<see cref="ProjectScenario.CheckFailedMarker"/>) gets the one-line fix.
/// </summary>
public sealed class NodeApiScenario : ProjectScenario
{
    public const string Title = "Bookmarks API";

    public const string InstallCommand = "npm install --no-audit --no-fund";

    public const string BuildCommand = "npm run build --if-present";

    public const string TestCommand = "npm test";

    /// <summary>The item whose check fails after its first answer and passes after the fix.</summary>
    public const string CheckFailsFirstItem = "1.2";

    /// <summary>Items the scenario implements, in plan order.</summary>
    public static readonly IReadOnlyList<string> ItemIds = ["1.1", "1.2", "1.3", "2.1"];

    /// <summary>Each item's check command, as TODO.md gives it.</summary>
    public static readonly IReadOnlyDictionary<string, string> CheckCommands = new Dictionary<string, string>
    {
        ["1.1"] = "npm test",
        ["1.2"] = "npm test",
        ["1.3"] = "npm test",
        ["2.1"] = "npm test",
    };

    public NodeApiScenario() => AnnouncesSample = true;

    internal override string ProjectTitle => Title;

    internal override string ProjectTestCommand => TestCommand;

    internal override string? SignatureFile => "src/app.js";

    internal override string SampleDescription => "its sample Node.js bookmarks API (Express, supertest)";

    protected override string QuestionsAnswer => """
        {"questions": [
          {"id": "q1", "topic": "audience", "text": "Who will call the bookmarks API?", "options": ["A web front-end", "A browser extension", "Scripts and other services"]},
          {"id": "q2", "topic": "features", "text": "Besides saving, listing and deleting bookmarks, should bookmarks carry tags to filter by?", "options": ["Yes, tags", "No tags"]},
          {"id": "q3", "topic": "integrations", "text": "Where should bookmarks be kept for now?", "options": ["In memory", "A JSON file", "A database"]}
        ]}
        """;

    protected override string ScopeAnswer => """
        {"done": true, "title": "Bookmarks API",
         "scope": "A small HTTP JSON API on Node.js with Express for saving web bookmarks.\nClients add a bookmark (a URL, an optional title and tags), list bookmarks (optionally those with one tag), fetch one by id and delete it.\nInvalid input is refused with status 400 and the reasons; unknown ids answer 404.\nBookmarks are kept in memory in this version.\nOut of scope: users and sign-in, keeping bookmarks across restarts, a web front-end."}
        """;

    protected override string PlanAnswer => Plan;

    protected override string ReadmeAnswer => Readme;

    protected override string FixesAnswer => """{"fixes": [{"title": "Make the failing API tests pass", "files": ["src/app.js", "test/app.test.js"], "check": "npm test passes"}]}""";

    protected override string SearchQuery => "POST bookmarks status";

    protected override string BrokenItemFile => "package.json";

    protected override string? ItemAnswer(string item) => item switch
    {
        "1.1" => Item11,
        "1.2" => Item12,
        "1.3" => Item13,
        "2.1" => Item21,
        _ => null,
    };

    protected override string? CheckFixAnswer(string item) => item == CheckFailsFirstItem ? Item12Fix : null;

    private const string Plan = """"
        docs/requirements.md
        ````markdown
        # Requirements — Bookmarks API

        ## Functional
        1. `POST /bookmarks` with a JSON body `{url, title?, tags?}` saves a bookmark and answers 201 with it (and its
           new id) and a `Location` header.
        2. The URL must be an http or https URL; the title, when given, a string of at most 200 characters; tags, when
           given, a list of non-empty strings. Otherwise the API answers 400 with the reasons.
        3. A body that is not valid JSON is refused with 400.
        4. `GET /bookmarks` lists all bookmarks; `GET /bookmarks?tag=T` only those tagged T.
        5. `GET /bookmarks/:id` answers the bookmark, or 404 when there is none with that id.
        6. `DELETE /bookmarks/:id` deletes the bookmark (204), or answers 404 when there is none.
        7. The server listens on `PORT` (default 3000) and `HOST` (default 127.0.0.1).

        ## Non-functional
        1. Node.js 20 or newer, CommonJS modules, Express 5.
        2. Bookmarks are kept in memory; a restart starts empty.
        3. Every endpoint has automated tests that run offline with `npm test`.
        ````

        docs/architecture.md
        ````markdown
        # Architecture — Bookmarks API

        ## Tech stack
        - **Node.js 20+ (CommonJS)** — one runtime for the server and its tests, no build step.
        - **Express 5** — the most widely used HTTP framework for Node; routing, JSON bodies, error handling.
        - **node:test and node:assert** — Node's built-in test runner: nothing to install, runs with `node --test`.
        - **supertest** — drives the Express app over HTTP inside the tests, on a free local port.

        ## Components
        - `src/store.js` — `BookmarkStore` (add, list, get, remove; in memory) and `validateBookmark` (the reasons a
          bookmark sent by a client is refused).
        - `src/app.js` — `createApp(store)`: the Express app with the routes; it does not listen, so tests can use it.
        - `src/server.js` — `start(port, host)`: listens; `npm start` runs it.

        ## Data model
        A bookmark is `{"id": number, "url": string, "title": string, "tags": string[], "createdAt": ISO-8601 string}`.
        Ids are positive integers in order of creation, never reused while the process runs.
        ````

        docs/api_documentation.md
        ````markdown
        # API — Bookmarks API

        All bodies are JSON. Errors are `{"error": "...", "details": ["..."]}` (`details` only for validation).

        ## POST /bookmarks
        Body: `{"url": "https://nodejs.org", "title": "Node.js", "tags": ["js"]}` (`title` and `tags` optional).
        - 201 with the bookmark and `Location: /bookmarks/<id>`.
        - 400 `{"error": "invalid bookmark", "details": [...]}` when a field is wrong; 400 when the body is not JSON.

        ## GET /bookmarks[?tag=T]
        - 200 with the list of bookmarks (only those tagged T when `tag` is given).

        ## GET /bookmarks/:id
        - 200 with the bookmark; 404 `{"error": "bookmark not found"}`.

        ## DELETE /bookmarks/:id
        - 204 with no body; 404 `{"error": "bookmark not found"}`.

        ## Library
        `createApp(store?)` returns the Express app; `start(port?, host?)` resolves with the listening `http.Server`.

        Example:
        ```sh
        curl -s -X POST localhost:3000/bookmarks -H 'Content-Type: application/json' -d '{"url": "https://nodejs.org"}'
        ```
        ````

        docs/deployment_guide.md
        ````markdown
        # Deployment guide — Bookmarks API

        Prerequisites: Node.js 20 or newer with npm.

        Install command: `npm install --no-audit --no-fund`

        Build command: `npm run build --if-present`

        Nothing is compiled: the build command does nothing unless a build script is added later.

        Configuration: `PORT` (default 3000) and `HOST` (default 127.0.0.1) choose where the server listens.

        Run in development: `npm start`. In production: `npm install --omit=dev`, then run `npm start` under a process
        manager (systemd, a container) behind a reverse proxy that terminates TLS; bookmarks live in memory, so a
        restart empties them.

        Test command: `npm test`
        ````

        TODO.md
        ````markdown
        # TODO — Bookmarks API

        ## Phase 1: Bookmarks over HTTP
        - [ ] 1.1 Create package.json and the in-memory bookmark store with validation and unit tests (files: package.json, .gitignore, src/store.js, test/store.test.js; check: `npm test`)
        - [ ] 1.2 Express app with POST /bookmarks and GET /bookmarks, with API tests (files: src/app.js, test/app.test.js; check: `npm test`)
        - [ ] 1.3 GET /bookmarks/:id and DELETE /bookmarks/:id with 404 for unknown ids, with API tests (files: src/app.js, test/app.test.js; check: `npm test`)

        ## Phase 2: Server
        - [ ] 2.1 Server entry point listening on PORT and HOST, with a test over a real port (files: src/server.js, test/server.test.js; check: `npm test`)
        ````
        """";

    private const string Item11 = """"
        package.json
        ````json
        {
          "name": "bookmarks-api",
          "version": "1.0.0",
          "description": "A small HTTP API for saving, listing and deleting bookmarks",
          "private": true,
          "type": "commonjs",
          "main": "src/app.js",
          "scripts": {
            "start": "node src/server.js",
            "test": "node --test"
          },
          "engines": {
            "node": ">=20"
          },
          "dependencies": {
            "express": "5.3.0"
          },
          "devDependencies": {
            "supertest": "7.3.2"
          }
        }
        ````

        .gitignore
        ````
        node_modules/
        ````

        src/store.js
        ````javascript
        'use strict';

        /** Keeps bookmarks in memory. Ids are positive integers in order of creation, never reused. */
        class BookmarkStore {
          #bookmarks = new Map();
          #nextId = 1;

          add({ url, title = '', tags = [] }) {
            const bookmark = { id: this.#nextId++, url, title, tags: [...tags], createdAt: new Date().toISOString() };
            this.#bookmarks.set(bookmark.id, bookmark);
            return bookmark;
          }

          list(tag) {
            const all = [...this.#bookmarks.values()];
            return tag === undefined ? all : all.filter((bookmark) => bookmark.tags.includes(tag));
          }

          get(id) {
            return this.#bookmarks.get(id);
          }

          remove(id) {
            return this.#bookmarks.delete(id);
          }
        }

        /** The reasons a bookmark sent by a client is refused; an empty list when it is valid. */
        function validateBookmark(input) {
          if (input === null || typeof input !== 'object' || Array.isArray(input)) {
            return ['the body must be a JSON object'];
          }

          const problems = [];
          if (typeof input.url !== 'string' || !isHttpUrl(input.url)) {
            problems.push('url must be an http or https URL');
          }
          if (input.title !== undefined && (typeof input.title !== 'string' || input.title.length > 200)) {
            problems.push('title must be a string of at most 200 characters');
          }
          if (input.tags !== undefined
              && (!Array.isArray(input.tags) || !input.tags.every((tag) => typeof tag === 'string' && tag.trim() !== ''))) {
            problems.push('tags must be a list of non-empty strings');
          }
          return problems;
        }

        function isHttpUrl(text) {
          try {
            const url = new URL(text);
            return url.protocol === 'http:' || url.protocol === 'https:';
          } catch {
            return false;
          }
        }

        module.exports = { BookmarkStore, validateBookmark };
        ````

        test/store.test.js
        ````javascript
        'use strict';

        const test = require('node:test');
        const assert = require('node:assert/strict');
        const { BookmarkStore, validateBookmark } = require('../src/store');

        test('add gives increasing ids and keeps the fields', () => {
          const store = new BookmarkStore();
          const first = store.add({ url: 'https://nodejs.org', title: 'Node.js', tags: ['js'] });
          const second = store.add({ url: 'https://expressjs.com' });
          assert.equal(first.id, 1);
          assert.equal(second.id, 2);
          assert.equal(first.title, 'Node.js');
          assert.equal(second.title, '');
          assert.deepEqual(first.tags, ['js']);
        });

        test('list returns every bookmark, or only those with a tag', () => {
          const store = new BookmarkStore();
          store.add({ url: 'https://nodejs.org', tags: ['js'] });
          store.add({ url: 'https://www.python.org', tags: ['python'] });
          assert.equal(store.list().length, 2);
          assert.deepEqual(store.list('js').map((bookmark) => bookmark.url), ['https://nodejs.org']);
          assert.deepEqual(store.list('go'), []);
        });

        test('remove deletes only that bookmark, once', () => {
          const store = new BookmarkStore();
          const first = store.add({ url: 'https://nodejs.org' });
          store.add({ url: 'https://expressjs.com' });
          assert.equal(store.remove(first.id), true);
          assert.equal(store.remove(first.id), false);
          assert.equal(store.get(first.id), undefined);
          assert.deepEqual(store.list().map((bookmark) => bookmark.url), ['https://expressjs.com']);
        });

        test('validateBookmark accepts a good bookmark and names what is wrong with a bad one', () => {
          assert.deepEqual(validateBookmark({ url: 'https://example.com', title: 'Example', tags: ['a'] }), []);
          assert.deepEqual(validateBookmark({ url: 'ftp://example.com' }), ['url must be an http or https URL']);
          assert.deepEqual(validateBookmark({ url: 'https://example.com', tags: 'a' }), ['tags must be a list of non-empty strings']);
          assert.deepEqual(validateBookmark({ url: 'https://example.com', title: 'x'.repeat(201) }), ['title must be a string of at most 200 characters']);
          assert.deepEqual(validateBookmark(undefined), ['the body must be a JSON object']);
        });
        ````
        """";

    // The first answer of 1.2: POST answers 200 (res.json's default) where the test written with it expects 201.
    private const string Item12 = """"
        src/app.js
        ````javascript
        'use strict';

        const express = require('express');
        const { BookmarkStore, validateBookmark } = require('./store');

        /** The HTTP API over a store (a new in-memory one unless given). It does not listen: see server.js. */
        function createApp(store = new BookmarkStore()) {
          const app = express();
          app.use(express.json());

          app.get('/bookmarks', (req, res) => {
            const tag = typeof req.query.tag === 'string' ? req.query.tag : undefined;
            res.json(store.list(tag));
          });

          app.post('/bookmarks', (req, res) => {
            const problems = validateBookmark(req.body);
            if (problems.length > 0) {
              res.status(400).json({ error: 'invalid bookmark', details: problems });
              return;
            }
            const bookmark = store.add(req.body);
            res.location(`/bookmarks/${bookmark.id}`).json(bookmark);
          });

          // Express passes body-parser failures here: a body that is not JSON is the client's mistake.
          app.use((error, req, res, next) => {
            if (res.headersSent) {
              next(error);
              return;
            }
            const status = error.status ?? error.statusCode ?? 500;
            res.status(status).json({ error: status === 400 ? 'the request body is not valid JSON' : 'internal error' });
          });

          return app;
        }

        module.exports = { createApp };
        ````

        test/app.test.js
        ````javascript
        'use strict';

        const test = require('node:test');
        const assert = require('node:assert/strict');
        const request = require('supertest');
        const { createApp } = require('../src/app');

        test('POST /bookmarks saves a bookmark and answers 201 with it', async () => {
          const response = await request(createApp())
            .post('/bookmarks')
            .send({ url: 'https://nodejs.org/en/learn', title: 'Learn Node.js', tags: ['node'] });
          assert.equal(response.status, 201);
          assert.equal(response.headers.location, '/bookmarks/1');
          assert.equal(response.body.id, 1);
          assert.equal(response.body.title, 'Learn Node.js');
        });

        test('POST /bookmarks refuses an invalid bookmark with 400 and the reasons', async () => {
          const response = await request(createApp()).post('/bookmarks').send({ url: 'not a url' });
          assert.equal(response.status, 400);
          assert.deepEqual(response.body.details, ['url must be an http or https URL']);
        });

        test('POST /bookmarks refuses a body that is not JSON with 400', async () => {
          const response = await request(createApp())
            .post('/bookmarks')
            .set('Content-Type', 'application/json')
            .send('{"url": ');
          assert.equal(response.status, 400);
          assert.equal(response.body.error, 'the request body is not valid JSON');
        });

        test('GET /bookmarks lists bookmarks, or only those with a tag', async () => {
          const app = createApp();
          await request(app).post('/bookmarks').send({ url: 'https://nodejs.org', tags: ['node'] });
          await request(app).post('/bookmarks').send({ url: 'https://www.python.org', tags: ['python'] });
          const all = await request(app).get('/bookmarks');
          assert.equal(all.status, 200);
          assert.equal(all.body.length, 2);
          const node = await request(app).get('/bookmarks?tag=node');
          assert.deepEqual(node.body.map((bookmark) => bookmark.url), ['https://nodejs.org']);
        });
        ````
        """";

    private const string Item12Fix = """"
        src/app.js
        <<<<<<< SEARCH
            res.location(`/bookmarks/${bookmark.id}`).json(bookmark);
        =======
            res.status(201).location(`/bookmarks/${bookmark.id}`).json(bookmark);
        >>>>>>> REPLACE
        """";

    private const string Item13 = """"
        src/app.js
        <<<<<<< SEARCH
          // Express passes body-parser failures here: a body that is not JSON is the client's mistake.
        =======
          app.get('/bookmarks/:id', (req, res) => {
            const bookmark = store.get(Number(req.params.id));
            if (bookmark === undefined) {
              res.status(404).json({ error: 'bookmark not found' });
              return;
            }
            res.json(bookmark);
          });

          app.delete('/bookmarks/:id', (req, res) => {
            if (!store.remove(Number(req.params.id))) {
              res.status(404).json({ error: 'bookmark not found' });
              return;
            }
            res.status(204).end();
          });

          // Express passes body-parser failures here: a body that is not JSON is the client's mistake.
        >>>>>>> REPLACE

        test/app.test.js
        <<<<<<< SEARCH
        test('GET /bookmarks lists bookmarks, or only those with a tag', async () => {
        =======
        test('GET /bookmarks/:id answers the bookmark, or 404 for an unknown id', async () => {
          const app = createApp();
          const created = await request(app).post('/bookmarks').send({ url: 'https://expressjs.com' });
          const found = await request(app).get(`/bookmarks/${created.body.id}`);
          assert.equal(found.status, 200);
          assert.equal(found.body.url, 'https://expressjs.com');
          const missing = await request(app).get('/bookmarks/999');
          assert.equal(missing.status, 404);
          assert.equal(missing.body.error, 'bookmark not found');
          assert.equal((await request(app).get('/bookmarks/abc')).status, 404);
        });

        test('DELETE /bookmarks/:id deletes the bookmark once, then answers 404', async () => {
          const app = createApp();
          const created = await request(app).post('/bookmarks').send({ url: 'https://expressjs.com' });
          assert.equal((await request(app).delete(`/bookmarks/${created.body.id}`)).status, 204);
          assert.equal((await request(app).delete(`/bookmarks/${created.body.id}`)).status, 404);
          assert.deepEqual((await request(app).get('/bookmarks')).body, []);
        });

        test('GET /bookmarks lists bookmarks, or only those with a tag', async () => {
        >>>>>>> REPLACE
        """";

    private const string Item21 = """"
        src/server.js
        ````javascript
        'use strict';

        const { createApp } = require('./app');

        /** Starts the API; resolves with the listening http.Server (port 0 picks a free port). */
        function start(port = Number(process.env.PORT ?? 3000), host = process.env.HOST ?? '127.0.0.1') {
          return new Promise((resolve, reject) => {
            const server = createApp().listen(port, host, (error) => (error ? reject(error) : resolve(server)));
          });
        }

        if (require.main === module) {
          start().then(
            (server) => {
              const { address, port } = server.address();
              console.log(`Bookmarks API listening on http://${address}:${port}`);
            },
            (error) => {
              console.error(`Cannot start: ${error.message}`);
              process.exitCode = 1;
            },
          );
        }

        module.exports = { start };
        ````

        test/server.test.js
        ````javascript
        'use strict';

        const test = require('node:test');
        const assert = require('node:assert/strict');
        const { start } = require('../src/server');

        test('the server answers on a real port', async () => {
          const server = await start(0, '127.0.0.1');
          try {
            const { port } = server.address();
            const response = await fetch(`http://127.0.0.1:${port}/bookmarks`);
            assert.equal(response.status, 200);
            assert.deepEqual(await response.json(), []);
          } finally {
            await new Promise((resolve) => server.close(resolve));
          }
        });
        ````
        """";

    private const string Readme = """"
        README.md
        ````markdown
        # Bookmarks API

        ## Overview
        A small HTTP JSON API for saving web bookmarks: add a bookmark with a URL, an optional title and tags, list
        them (optionally by tag), fetch one by id and delete it. Invalid input is refused with 400 and the reasons;
        unknown ids answer 404. Built with Node.js and Express 5; bookmarks are kept in memory.

        ## Prerequisites
        - Node.js 20 or newer, with npm.

        ## Installation
        ```sh
        npm install --no-audit --no-fund
        ```

        ## Configuration
        - `PORT` — the port to listen on (default 3000).
        - `HOST` — the address to listen on (default 127.0.0.1; use 0.0.0.0 in a container).

        ## Running
        - Development: `npm start`
        - Build: nothing to compile; `npm run build --if-present` does nothing until a build script is added.
        - Production: `npm install --omit=dev`, then `npm start` under a process manager, behind a reverse proxy
          that terminates TLS. Bookmarks live in memory: a restart empties them.
        - Tests: `npm test` (Node's built-in test runner with supertest; no network needed).

        ## Usage
        ```sh
        $ curl -s -X POST localhost:3000/bookmarks -H 'Content-Type: application/json' \
            -d '{"url": "https://nodejs.org", "title": "Node.js", "tags": ["js"]}'
        {"id":1,"url":"https://nodejs.org","title":"Node.js","tags":["js"],"createdAt":"2026-11-27T10:00:00.000Z"}
        $ curl -s 'localhost:3000/bookmarks?tag=js'
        [{"id":1,"url":"https://nodejs.org","title":"Node.js","tags":["js"],"createdAt":"2026-11-27T10:00:00.000Z"}]
        $ curl -s -o /dev/null -w '%{http_code}\n' -X DELETE localhost:3000/bookmarks/1
        204
        ```

        ## Directory layout
        ```
        src/store.js      BookmarkStore (in memory) and validateBookmark
        src/app.js        createApp: the Express app and its routes
        src/server.js     start: listens on PORT and HOST (npm start)
        test/             tests for node --test (store, API over supertest, server on a real port)
        docs/             requirements, architecture, API, deployment guide
        TODO.md           the implementation plan, every item checked
        package.json      scripts and dependencies (express, supertest)
        ```
        ````
        """";
}
