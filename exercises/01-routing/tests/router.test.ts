// The router is served on a real node:http server and spoken to with fetch, exactly as a
// client would. Every failure shows the request as curl and the response that came back.
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { explain, send, type Exchange } from '../../../runner/kit/http.js';
import { seededRandom } from '../../../runner/kit/random.js';
import { createRouter, type Handler, type RouteRequest } from '../src/router.js';
import { jsonBody, lastServed, serveRouter } from './support/serve-router.js';

const rng = seededRandom();
const COLOURS = ['red', 'green', 'blue', 'yellow', 'purple', 'orange'] as const;
const PLAYERS = ['Jürgen', 'Zoë', 'Łukasz', 'Amélie', '渡辺', 'Søren'] as const;

/** A handler that says which route answered and with which parameters. */
function answeredBy(route: string): Handler {
  return (request) => ({ body: { route, params: request.params } });
}

/** The `route` field of a JSON body, or undefined when the body is not one of answeredBy's. */
function routeOf(res: Exchange): unknown {
  try {
    return (JSON.parse(res.text) as { route?: unknown }).route;
  } catch {
    return undefined;
  }
}

function paramsOf(res: Exchange): unknown {
  return (jsonBody(res) as { params?: unknown }).params;
}

/** A handler that counts its calls, to prove a request did not reach it. */
function counted(reply: Handler = () => ({ body: {} })): { handler: Handler; calls: () => number } {
  let calls = 0;
  return { handler: (request) => (calls++, reply(request)), calls: () => calls };
}

function allowOf(res: Exchange): string[] {
  return (res.headers.get('allow') ?? '')
    .split(',')
    .map((method) => method.trim().toUpperCase())
    .filter((method) => method !== '')
    .sort();
}

/** Server-side errors are logged by design; keep them out of the test output. */
function silenceConsoleError(): void {
  const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  onTestFinished(() => spy.mockRestore());
}

describe('task 1: static routes by method and path', () => {
  it('answers a registered GET route with the handler’s body and status 200 when the reply sets no status', async () => {
    const router = createRouter();
    router.on('GET', '/games', () => ({ body: { games: [] } }));
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', '/games');
    expect(res.status, explain(res, 'GET /games is registered, and a reply without a status means 200 OK (RFC 9110, section 15.3.1)')).toBe(200);
    expect(jsonBody(res), explain(res, 'the body must be what the handler returned, sent as JSON')).toEqual({ games: [] });
  });

  it('sends the status and the headers that the handler’s reply sets', async () => {
    const id = rng.word(6);
    const router = createRouter();
    router.on('POST', '/games', () => ({ status: 201, headers: { location: `/games/${id}` }, body: { id, pegs: 4 } }));
    const { url } = await serveRouter(router);

    const res = await send(url, 'POST', '/games', { body: { pegs: 4 } });
    expect(res.status, rng.tag(explain(res, 'the handler replied { status: 201 }: a created game is 201 Created (RFC 9110, section 15.3.2)'))).toBe(201);
    expect(res.headers.get('location'), rng.tag(explain(res, 'every header in the reply’s `headers` must reach the client; here Location names the new game (RFC 9110, section 10.2.2)'))).toBe(`/games/${id}`);
    expect(jsonBody(res), rng.tag(explain(res, 'the body must be the reply’s body, as JSON'))).toEqual({ id, pegs: 4 });
  });

  it('routes by method as well as by path: GET and POST on one path reach different handlers', async () => {
    const router = createRouter();
    router.on('GET', '/games', answeredBy('GET /games'));
    router.on('POST', '/games', answeredBy('POST /games'));
    const { url } = await serveRouter(router);

    const post = await send(url, 'POST', '/games', { body: { pegs: 4 } });
    expect(routeOf(post), explain(post, 'POST /games must reach the POST handler: a route is a method AND a path, and GET only reads while POST creates (RFC 9110, sections 9.3.1 and 9.3.3)')).toBe('POST /games');
    const get = await send(url, 'GET', '/games');
    expect(routeOf(get), explain(get, 'GET /games must reach the GET handler')).toBe('GET /games');
  });

  it('does not run a handler for a method it was not registered for', async () => {
    const list = counted();
    const router = createRouter();
    router.on('GET', '/games', list.handler);
    const { url } = await serveRouter(router);

    const res = await send(url, 'DELETE', '/games');
    expect(list.calls(), explain(res, 'only GET /games is registered, so DELETE /games must not run the GET handler: the client would get a success and believe something was deleted (RFC 9110, section 9.1)')).toBe(0);
    expect(res.status, explain(res, 'a request that no route accepts must not be answered as a success')).toBeGreaterThanOrEqual(400);
  });

  it('matches the whole path: a shorter, longer or trailing-slash path is not the route and is 404', async () => {
    const form = counted();
    const router = createRouter();
    router.on('GET', '/games/new', form.handler);
    const { url } = await serveRouter(router);

    for (const path of ['/games', '/games/new/extra', '/games/new/', '/games/newer', '/games/ne']) {
      const res = await send(url, 'GET', path);
      expect(form.calls(), explain(res, `${path} is not /games/new: a route matches the whole path, segment by segment, not a prefix of it`)).toBe(0);
      expect(res.status, explain(res, `no route matches ${path}, and that is 404 Not Found (RFC 9110, section 15.5.5)`)).toBe(404);
    }
  });

  it('ignores the query string when matching, and gives the handler the path without it', async () => {
    let seen: RouteRequest | undefined;
    const router = createRouter();
    router.on('GET', '/games', (request) => ((seen = request), { body: { games: [] } }));
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', `/games?page=${rng.int(2, 9)}&sort=newest`);
    expect(res.status, rng.tag(explain(res, 'the query (after "?") is not part of the path: GET /games?page=… is still the route GET /games (RFC 3986, section 3.4)'))).toBe(200);
    expect(seen?.path, rng.tag(explain(res, 'request.path is the path alone, without "?" and the query'))).toBe('/games');
  });

  it('answers 200 with an empty body when the reply sets neither status nor body', async () => {
    const router = createRouter();
    router.on('PUT', '/games/current/paused', () => ({}));
    const { url } = await serveRouter(router);

    const res = await send(url, 'PUT', '/games/current/paused');
    expect(res.status, explain(res, 'a reply without a status means 200 OK')).toBe(200);
    expect(res.text, explain(res, 'a reply whose body is undefined has no body at all: not "null", not "undefined", not "{}"')).toBe('');
  });

  it('sends a falsy body (null, 0, false, an empty string) as JSON: only undefined means no body', async () => {
    const router = createRouter();
    const bodies: [string, unknown][] = [['null', null], ['zero', 0], ['false', false], ['empty', '']];
    for (const [name, body] of bodies) router.on('GET', `/answers/${name}`, () => ({ body }));
    const { url } = await serveRouter(router);

    for (const [name, body] of bodies) {
      const res = await send(url, 'GET', `/answers/${name}`);
      expect(res.text, explain(res, `the reply's body is ${JSON.stringify(body)}, not undefined, so it is sent as JSON.stringify(body), ${JSON.stringify(JSON.stringify(body))}: a falsy value is still a value (RFC 8259, section 2)`)).toBe(JSON.stringify(body));
    }
  });

  it('splits the request target at the first "?", so a "?" inside the query stays in the query', async () => {
    let seen: RouteRequest | undefined;
    const router = createRouter();
    router.on('GET', '/games', (request) => ((seen = request), { body: { games: [] } }));
    const { url } = await serveRouter(router);

    const question = `${rng.word(4)}?${rng.word(3)}`;
    const res = await send(url, 'GET', `/games?q=${question}&next=/games?page=2`);
    expect(res.status, rng.tag(explain(res, 'the path ends at the first "?"; a "?" after it is an ordinary character of the query (RFC 3986, section 3.4), so this is GET /games'))).toBe(200);
    expect(seen?.path, rng.tag(explain(res, 'request.path is everything before the first "?"'))).toBe('/games');
    expect(seen?.query.get('q'), rng.tag(explain(res, `the query is everything after the first "?", its own "?" included: q is '${question}'`))).toBe(question);
  });

  it('gives the handler request.path as received, still percent-encoded', async () => {
    let seen: RouteRequest | undefined;
    const name = `${rng.pick(PLAYERS)} ${rng.word(3)}`;
    const router = createRouter();
    router.on('GET', '/players/:name', (request) => ((seen = request), { body: {} }));
    const { url } = await serveRouter(router);

    const path = `/players/${encodeURIComponent(name)}`;
    const res = await send(url, 'GET', path);
    expect(res.status, rng.tag(explain(res, 'the path matches /players/:name'))).toBe(200);
    expect(seen?.path, rng.tag(explain(res, `request.path is the path as it arrived, ${path}; only the parameters are decoded (params.name is '${name}'), since a decoded path cannot tell "/" from "%2F" (RFC 3986, section 2.4)`))).toBe(path);
  });
});

describe('task 2: path parameters', () => {
  it('passes a path parameter to the handler by its name', async () => {
    const id = `${rng.word(4)}${rng.int(10, 999)}`;
    const router = createRouter();
    router.on('GET', '/games/:id', answeredBy('GET /games/:id'));
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', `/games/${id}`);
    expect(res.status, rng.tag(explain(res, `/games/${id} matches the pattern /games/:id`))).toBe(200);
    expect(paramsOf(res), rng.tag(explain(res, `":id" names the segment it stands for, so request.params must be { id: '${id}' }`))).toEqual({ id });
  });

  it('passes several parameters from one path, each by its name', async () => {
    const gameId = rng.word(5);
    const turn = String(rng.int(1, 12));
    const router = createRouter();
    router.on('GET', '/games/:gameId/guesses/:turn', answeredBy('GET /games/:gameId/guesses/:turn'));
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', `/games/${gameId}/guesses/${turn}`);
    expect(res.status, rng.tag(explain(res, 'the path matches /games/:gameId/guesses/:turn'))).toBe(200);
    expect(paramsOf(res), rng.tag(explain(res, 'every ":name" segment becomes one entry of request.params'))).toEqual({ gameId, turn });
  });

  it('percent-decodes parameter values as UTF-8', async () => {
    const name = `${rng.pick(PLAYERS)} ${rng.word(5)}`;
    const router = createRouter();
    router.on('GET', '/players/:name', answeredBy('GET /players/:name'));
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', `/players/${encodeURIComponent(name)}`);
    expect(res.status, rng.tag(explain(res, 'the path matches /players/:name'))).toBe(200);
    expect(paramsOf(res), rng.tag(explain(res, `a path arrives percent-encoded ("ü" as %C3%BC, a space as %20); the handler must get the decoded value '${name}' (RFC 3986, sections 2.1 and 2.5)`))).toEqual({ name });
  });

  it('keeps an encoded slash (%2F) inside one parameter instead of splitting the path there', async () => {
    const code = `${rng.pick(COLOURS)}/${rng.pick(COLOURS)}`;
    const router = createRouter();
    router.on('GET', '/codes/:code', answeredBy('GET /codes/:code'));
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', `/codes/${encodeURIComponent(code)}`);
    expect(res.status, rng.tag(explain(res, '%2F is data, not a separator: split the path at "/" first and decode each segment afterwards, so this is the one segment of /codes/:code (RFC 3986, section 2.4)'))).toBe(200);
    expect(paramsOf(res), rng.tag(explain(res, `the decoded parameter keeps its slash: '${code}'`))).toEqual({ code });
  });

  it('keeps a plus sign in a parameter as a plus: only form-encoded queries turn + into a space', async () => {
    const name = `${rng.word(3)}+${rng.word(3)}`;
    const router = createRouter();
    router.on('GET', '/players/:name', answeredBy('GET /players/:name'));
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', `/players/${name}`);
    expect(res.status, rng.tag(explain(res, 'the path matches /players/:name'))).toBe(200);
    expect(paramsOf(res), rng.tag(explain(res, `in a path "+" is just a character (RFC 3986, section 2.2); "+ means space" belongs to form-encoded query strings only, so the name is '${name}'`))).toEqual({ name });
  });

  it('never matches a parameter to an empty segment', async () => {
    const game = counted();
    const guesses = counted();
    const router = createRouter();
    router.on('GET', '/games/:id', game.handler);
    router.on('GET', '/games/:id/guesses', guesses.handler);
    const { url } = await serveRouter(router);

    for (const path of ['/games/', '/games//guesses']) {
      const res = await send(url, 'GET', path);
      expect(game.calls() + guesses.calls(), explain(res, `${path} has an empty segment where :id should be; a parameter matches one or more characters, never none, or the handler gets id ''`)).toBe(0);
      expect(res.status, explain(res, `no route matches ${path}: 404 Not Found (RFC 9110, section 15.5.5)`)).toBe(404);
    }
  });

  it('never lets one parameter span several segments', async () => {
    const player = counted();
    const router = createRouter();
    router.on('GET', '/players/:name', player.handler);
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', `/players/${rng.word(4)}/${rng.word(4)}`);
    expect(player.calls(), rng.tag(explain(res, 'a parameter stands for exactly one segment: /players/a/b has three segments and /players/:name two'))).toBe(0);
    expect(res.status, rng.tag(explain(res, 'no route matches: 404 Not Found (RFC 9110, section 15.5.5)'))).toBe(404);
  });

  it('prefers a static segment to a parameter, whichever route was registered first', async () => {
    for (const order of ['parameter route first', 'static route first'] as const) {
      const router = createRouter();
      const register = [
        () => router.on('GET', '/games/:id', answeredBy('GET /games/:id')),
        () => router.on('GET', '/games/new', answeredBy('GET /games/new')),
      ];
      if (order === 'static route first') register.reverse();
      for (const add of register) add();
      const { url } = await serveRouter(router);

      const res = await send(url, 'GET', '/games/new');
      expect(routeOf(res), explain(res, `with the ${order}, /games/new must still reach GET /games/new: the more specific route wins, or the page for a new game becomes "the game whose id is new"`)).toBe('GET /games/new');
    }
  });

  it('still sends every other value to the parameter route that sits beside a static one', async () => {
    const id = `${rng.word(3)}${rng.int(1, 99)}`;
    const router = createRouter();
    router.on('GET', '/games/new', answeredBy('GET /games/new'));
    router.on('GET', '/games/:id', answeredBy('GET /games/:id'));
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', `/games/${id}`);
    expect(routeOf(res), rng.tag(explain(res, `/games/${id} is not /games/new, so the parameter route answers it`))).toBe('GET /games/:id');
    expect(paramsOf(res), rng.tag(explain(res, 'with the id it matched'))).toEqual({ id });
  });

  it('lets only the routes for the request’s method compete, so a static route for another method never hides a parameter route', async () => {
    const router = createRouter();
    router.on('GET', '/games/new', answeredBy('GET /games/new'));
    router.on('DELETE', '/games/:id', answeredBy('DELETE /games/:id'));
    const { url } = await serveRouter(router);

    const res = await send(url, 'DELETE', '/games/new');
    expect(res.status, explain(res, 'DELETE /games/:id matches /games/new, so this path supports DELETE: keep the routes for the request’s method first, then let the most specific of them win. GET /games/new is more specific, but it is not a DELETE route and takes no part; a 405 here would contradict the Allow header, which lists DELETE for this path (RFC 9110, sections 10.2.1 and 15.5.6)')).toBe(200);
    expect(routeOf(res), explain(res, 'the only DELETE route that matches answers it')).toBe('DELETE /games/:id');
    expect(paramsOf(res), explain(res, 'with the id it matched')).toEqual({ id: 'new' });
  });

  it('answers 400, not a crash or a 500, when a parameter’s percent-encoding is malformed', async () => {
    const player = counted();
    const router = createRouter();
    router.on('GET', '/players/:name', player.handler);
    const { url } = await serveRouter(router);

    for (const path of ['/players/%E0%A4%A', '/players/100%', '/players/%ZZtop']) {
      const res = await send(url, 'GET', path);
      expect(res.status, explain(res, `${path} is not valid percent-encoding (decodeURIComponent throws URIError on it): that is the client’s mistake, 400 Bad Request (RFC 9110, section 15.5.1), not a server error`)).toBe(400);
      expect(player.calls(), explain(res, 'a handler must never see a parameter that could not be decoded')).toBe(0);
    }
  });

  it('percent-decodes each segment exactly once: %25 is a literal percent sign', async () => {
    const name = `${rng.word(4)}%41%2F`;
    const router = createRouter();
    router.on('GET', '/players/:name', answeredBy('GET /players/:name'));
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', `/players/${encodeURIComponent(name)}`);
    expect(res.status, rng.tag(explain(res, 'the path matches /players/:name'))).toBe(200);
    expect(paramsOf(res), rng.tag(explain(res, `%25 decodes to "%", and the result is data, not decoded again: the name is '${name}' (RFC 3986, section 2.4: decoding twice turns data into delimiters or other characters)`))).toEqual({ name });
  });

  it('decodes static segments too, so a percent-encoded letter still reaches the static route', async () => {
    const router = createRouter();
    router.on('GET', '/games/new', answeredBy('GET /games/new'));
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', '/g%61mes/%6Eew');
    expect(res.status, explain(res, 'every segment is percent-decoded before matching, and %61 is "a", %6E is "n": /g%61mes/%6Eew is /games/new (RFC 3986, sections 2.3 and 6.2.2.2)')).toBe(200);
    expect(routeOf(res), explain(res, 'the static route GET /games/new answers it')).toBe('GET /games/new');
  });

  it('answers 400 for a malformed escape even where no route would match the path', async () => {
    const router = createRouter();
    router.on('GET', '/games', () => ({ body: { games: [] } }));
    const { url } = await serveRouter(router);

    for (const path of ['/scores/%E0%A4%A', `/${rng.word(5)}%ZZ`, '/games/100%']) {
      const res = await send(url, 'GET', path);
      expect(res.status, rng.tag(explain(res, `${path} cannot be decoded, and decoding comes before matching: the request is malformed whatever routes exist, so 400 Bad Request (RFC 9110, section 15.5.1), not 404`))).toBe(400);
    }
  });

  it('answers a malformed escape with a JSON error body', async () => {
    const router = createRouter();
    router.on('GET', '/players/:name', () => ({ body: {} }));
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', '/players/%E0%A4%A');
    expect(res.status, explain(res, 'a malformed escape is the client’s mistake: 400 Bad Request (RFC 9110, section 15.5.1)')).toBe(400);
    expect(res.headers.get('content-type') ?? '', explain(res, 'the 400 is JSON like every other answer (RFC 9110, section 8.3)')).toMatch(/^application\/json/);
    expect(jsonBody(res), explain(res, 'the body is a JSON object with an `error` string saying what was wrong with the request (RFC 9110, section 15.5.1: the server SHOULD explain the error)')).toEqual({ error: expect.any(String) });
  });

  it('lets the first segment where two patterns differ decide, not the number of static segments or the last difference', async () => {
    for (const order of ['parameter-first pattern first', 'static-first pattern first'] as const) {
      const router = createRouter();
      const register = [
        () => router.on('GET', '/games/:id/moves/last', answeredBy('GET /games/:id/moves/last')),
        () => router.on('GET', '/games/new/:step/:field', answeredBy('GET /games/new/:step/:field')),
      ];
      if (order === 'static-first pattern first') register.reverse();
      for (const add of register) add();
      const { url } = await serveRouter(router);

      const res = await send(url, 'GET', '/games/new/moves/last');
      expect(routeOf(res), explain(res, `with the ${order}: both patterns match, and they first differ at the second segment, where "new" is static and ":id" a parameter, so /games/new/:step/:field wins, although the other pattern has more static segments (the rule the README states, as in find-my-way and Go's http.ServeMux)`)).toBe('GET /games/new/:step/:field');
    }
  });
});

describe('task 3: 404, 405 and HEAD', () => {
  it('answers 404 with a JSON error body for a path that no route matches', async () => {
    const router = createRouter();
    router.on('GET', '/games', () => ({ body: { games: [] } }));
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', `/${rng.word(7)}`);
    expect(res.status, rng.tag(explain(res, 'no route matches this path: 404 Not Found (RFC 9110, section 15.5.5)'))).toBe(404);
    expect(res.headers.get('content-type') ?? '', rng.tag(explain(res, 'an error is JSON like every other answer, announced as content-type application/json, so a client parses one format (RFC 9110, section 8.3)'))).toMatch(/^application\/json/);
    expect(jsonBody(res), rng.tag(explain(res, 'the body is a JSON object with an `error` string, such as { "error": "not found" }'))).toEqual({ error: expect.any(String) });
  });

  it('answers 405, not 404, when the path exists but the method does not', async () => {
    const router = createRouter();
    router.on('GET', '/games/:id', answeredBy('GET /games/:id'));
    router.on('DELETE', '/games/:id', answeredBy('DELETE /games/:id'));
    const { url } = await serveRouter(router);

    const res = await send(url, 'PUT', `/games/${rng.int(1, 500)}`);
    expect(res.status, rng.tag(explain(res, 'this path exists for GET and DELETE, so PUT is 405 Method Not Allowed; 404 would tell the client the game does not exist (RFC 9110, section 15.5.6)'))).toBe(405);
    expect(jsonBody(res), rng.tag(explain(res, 'a 405 has a JSON error body too'))).toEqual({ error: expect.any(String) });
  });

  it('lists exactly the supported methods in the Allow header of a 405, with HEAD wherever GET is', async () => {
    const router = createRouter();
    router.on('GET', '/games/:id', answeredBy('GET /games/:id'));
    router.on('DELETE', '/games/:id', answeredBy('DELETE /games/:id'));
    const { url } = await serveRouter(router);

    const res = await send(url, 'PATCH', `/games/${rng.int(1, 500)}`);
    expect(res.headers.get('allow'), rng.tag(explain(res, 'a 405 response MUST carry an Allow header listing the methods the path supports (RFC 9110, section 15.5.6)'))).not.toBeNull();
    expect(allowOf(res), rng.tag(explain(res, 'Allow must list exactly GET, HEAD and DELETE: GET and DELETE are registered, and HEAD is served wherever GET is (RFC 9110, sections 10.2.1 and 9.3.2)'))).toEqual(['DELETE', 'GET', 'HEAD']);
  });

  it('leaves HEAD out of Allow when the path has no GET route', async () => {
    const router = createRouter();
    router.on('POST', '/games/:id/guesses', answeredBy('POST /games/:id/guesses'));
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', `/games/${rng.int(1, 500)}/guesses`);
    expect(res.status, rng.tag(explain(res, 'the path exists for POST only: GET is 405 (RFC 9110, section 15.5.6)'))).toBe(405);
    expect(allowOf(res), rng.tag(explain(res, 'Allow must list only POST: HEAD is "GET without the body", so without GET there is no HEAD either (RFC 9110, section 9.3.2)'))).toEqual(['POST']);
  });

  it('builds Allow from every route that matches the path, static and parameter routes alike', async () => {
    const router = createRouter();
    router.on('GET', '/games/new', answeredBy('GET /games/new'));
    router.on('DELETE', '/games/:id', answeredBy('DELETE /games/:id'));
    const { url } = await serveRouter(router);

    const res = await send(url, 'PUT', '/games/new');
    expect(res.status, explain(res, '/games/new exists (GET /games/new, and DELETE through /games/:id), so PUT is 405 (RFC 9110, section 15.5.6)')).toBe(405);
    expect(allowOf(res), explain(res, 'Allow must list what a client can really do here: GET and HEAD through /games/new, DELETE through /games/:id')).toEqual(['DELETE', 'GET', 'HEAD']);
  });

  it('lists each method once in Allow, however many matching routes have it', async () => {
    const router = createRouter();
    router.on('GET', '/games/new', answeredBy('GET /games/new'));
    router.on('GET', '/games/:id', answeredBy('GET /games/:id'));
    router.on('DELETE', '/games/:id', answeredBy('DELETE /games/:id'));
    const { url } = await serveRouter(router);

    const res = await send(url, 'PUT', '/games/new');
    expect(res.status, explain(res, '/games/new exists for GET and DELETE, so PUT is 405 (RFC 9110, section 15.5.6)')).toBe(405);
    expect(allowOf(res), explain(res, 'Allow lists the set of methods the path supports (RFC 9110, section 10.2.1): GET /games/new and GET /games/:id both match, but GET is one method and appears once, and so does HEAD')).toEqual(['DELETE', 'GET', 'HEAD']);
  });

  it('answers HEAD with the status and headers that GET gives, content-length included', async () => {
    const id = rng.word(6);
    const game = { id, players: [rng.pick(PLAYERS)], code: [rng.pick(COLOURS), rng.pick(COLOURS)] };
    const router = createRouter();
    router.on('GET', '/games/:id', () => ({ headers: { 'cache-control': 'no-store' }, body: game }));
    const { url } = await serveRouter(router);

    const get = await send(url, 'GET', `/games/${id}`);
    const head = await send(url, 'HEAD', `/games/${id}`);
    const why = (what: string, fromGet: unknown) =>
      rng.tag(explain(head, `HEAD must answer with the same ${what} as GET, which gave ${JSON.stringify(fromGet)}: HEAD is GET without the content (RFC 9110, section 9.3.2)`));
    expect(head.status, why('status', get.status)).toBe(get.status);
    for (const header of ['content-type', 'content-length', 'cache-control']) {
      expect(head.headers.get(header), why(`${header} header`, get.headers.get(header))).toBe(get.headers.get(header));
    }
  });

  it('sends no body in answer to HEAD, even though Node would drop one', async () => {
    const router = createRouter();
    router.on('GET', '/games/:id', (request) => ({ body: { id: request.params.id, turns: rng.int(1, 12) } }));
    const server = await serveRouter(router);

    const res = await send(server.url, 'HEAD', `/games/${rng.word(5)}`);
    expect(res.status, rng.tag(explain(res, 'HEAD is served by the GET route (RFC 9110, section 9.3.2)'))).toBe(200);
    const { bodyBytes } = lastServed(server);
    expect(bodyBytes, rng.tag(explain(res, `the router passed ${bodyBytes} body bytes to res.write()/res.end() for this HEAD request. Node's http module quietly discarded them, but a HEAD response has no content (RFC 9110, section 9.3.2) and another server or a proxy in front of this one would send them, corrupting the next response on the connection; end the response without the body for HEAD`))).toBe(0);
  });

  it('answers HEAD for an unknown path with 404 and for a path without GET with 405, without a body', async () => {
    const router = createRouter();
    router.on('POST', '/games', answeredBy('POST /games'));
    const server = await serveRouter(router);

    const unknown = await send(server.url, 'HEAD', '/scores');
    expect(unknown.status, explain(unknown, 'HEAD answers what GET would: no route matches /scores, so 404 (RFC 9110, sections 9.3.2 and 15.5.5)')).toBe(404);
    expect(lastServed(server).bodyBytes, explain(unknown, 'a 404 to HEAD has no body either; Node dropped the bytes the router wrote, another server would not (RFC 9110, section 9.3.2)')).toBe(0);

    const postOnly = await send(server.url, 'HEAD', '/games');
    expect(postOnly.status, explain(postOnly, '/games exists for POST only, so HEAD (like GET) is 405 (RFC 9110, section 15.5.6)')).toBe(405);
    expect(allowOf(postOnly), explain(postOnly, 'the 405 lists what /games supports: POST')).toEqual(['POST']);
    expect(lastServed(server).bodyBytes, explain(postOnly, 'a 405 to HEAD has no body either (RFC 9110, section 9.3.2)')).toBe(0);
  });

  it('leaves out of Allow the methods of routes that do not match the path', async () => {
    const router = createRouter();
    router.on('GET', '/games/:id', answeredBy('GET /games/:id'));
    router.on('POST', '/games', answeredBy('POST /games'));
    router.on('PUT', '/games/:id/guesses/:turn', answeredBy('PUT /games/:id/guesses/:turn'));
    router.on('DELETE', '/players/:name', answeredBy('DELETE /players/:name'));
    const { url } = await serveRouter(router);

    const res = await send(url, 'PATCH', `/games/${rng.int(1, 500)}`);
    expect(res.status, rng.tag(explain(res, 'the path exists for GET only, so PATCH is 405 (RFC 9110, section 15.5.6)'))).toBe(405);
    expect(allowOf(res), rng.tag(explain(res, 'Allow lists the methods of THIS path, GET and HEAD; POST, PUT and DELETE belong to other paths, and a client that tried them here would get another 405 (RFC 9110, section 10.2.1)'))).toEqual(['GET', 'HEAD']);
  });

  it('tells the GET handler that serves a HEAD request that the method is HEAD', async () => {
    const methods: string[] = [];
    const router = createRouter();
    router.on('GET', '/games/:id', (request) => (methods.push(request.method), { body: { id: request.params.id } }));
    const { url } = await serveRouter(router);

    const res = await send(url, 'HEAD', `/games/${rng.word(5)}`);
    expect(res.status, rng.tag(explain(res, 'HEAD is served by the GET route (RFC 9110, section 9.3.2)'))).toBe(200);
    expect(methods, rng.tag(explain(res, 'request.method is the method as received, HEAD, so a handler can skip work whose result a HEAD response does not send'))).toEqual(['HEAD']);
  });
});

describe('task 4: query strings, JSON responses, async handlers and errors', () => {
  it('gives the handler the query string as URLSearchParams, repeated keys included', async () => {
    const colours = [rng.pick(COLOURS), rng.pick(COLOURS), rng.pick(COLOURS)];
    const player = `${rng.pick(PLAYERS)} ${rng.word(4)}`;
    const router = createRouter();
    router.on('GET', '/games', ({ query }) => ({
      body: { isSearchParams: query instanceof URLSearchParams, colours: query.getAll('colour'), player: query.get('player') },
    }));
    const { url } = await serveRouter(router);

    const search = new URLSearchParams([...colours.map((colour): [string, string] => ['colour', colour]), ['player', player]]);
    const res = await send(url, 'GET', `/games?${search.toString()}`);
    expect(res.status, rng.tag(explain(res, 'the query is not part of the path: this is still GET /games (RFC 3986, section 3.4)'))).toBe(200);
    const body = jsonBody(res) as { isSearchParams?: unknown; colours?: unknown; player?: unknown };
    expect(body.isSearchParams, rng.tag(explain(res, 'request.query must be a URLSearchParams, the standard parser for query strings (WHATWG URL Standard, the URLSearchParams class)'))).toBe(true);
    expect(body.colours, rng.tag(explain(res, 'a key may repeat in a query: getAll("colour") must return every value, in order'))).toEqual(colours);
    expect(body.player, rng.tag(explain(res, `query values arrive form-encoded (space as "+", "ü" as %C3%BC) and must be decoded: '${player}' (WHATWG URL Standard, section 5)`))).toBe(player);
  });

  it('gives every request a query of its own, an empty one when there is no "?"', async () => {
    const router = createRouter();
    router.on('GET', '/games', ({ query }) => {
      const before = query.toString();
      query.append('seen', 'yes'); // a handler may change the query it was given
      return { body: { before } };
    });
    const { url } = await serveRouter(router);

    for (const attempt of ['first', 'second']) {
      const res = await send(url, 'GET', '/games');
      expect(jsonBody(res), explain(res, `the ${attempt} GET /games has no "?", so its query is empty; it came with what an earlier handler added to its own: build a new URLSearchParams for every request, never share one between requests`)).toEqual({ before: '' });
    }
  });

  it('sends a JSON body with the content type application/json; charset=utf-8', async () => {
    const router = createRouter();
    router.on('GET', '/games/:id/score', (request) => ({ body: { id: request.params.id, black: 2, white: 1 } }));
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', '/games/7/score');
    const type = (res.headers.get('content-type') ?? '').toLowerCase().replace(/\s/g, '');
    expect(type, explain(res, 'a body needs a content-type that says what it is, or clients have to guess; JSON is application/json (RFC 9110, section 8.3; RFC 8259, section 11)')).toMatch(/^application\/json(;|$)/);
    expect(type, explain(res, 'say exactly "application/json; charset=utf-8": JSON is always UTF-8 (RFC 8259, section 8.1), and stating it, as Express does, keeps older clients from guessing another encoding')).toBe('application/json;charset=utf-8');
    expect(jsonBody(res), explain(res, 'the body is the reply’s body, serialised as JSON')).toEqual({ id: '7', black: 2, white: 1 });
  });

  it('counts content-length in bytes, not in characters', async () => {
    const player = `${rng.pick(PLAYERS)}-${rng.word(3)}`;
    const router = createRouter();
    router.on('GET', '/games/:id', () => ({ body: { player, pegs: ['🔴', '🟢', '🔵', '🟡'] } }));
    const server = await serveRouter(router);

    const res = await send(server.url, 'GET', `/games/${rng.int(1, 99)}`);
    const declared = Number(res.headers.get('content-length'));
    const { bodyBytes } = lastServed(server);
    expect(declared, rng.tag(explain(res, `content-length says ${declared} but the router wrote ${bodyBytes} bytes. content-length counts bytes (RFC 9110, section 8.6): in UTF-8 "ü" is 2 bytes and "🔴" 4, while a JavaScript string's .length counts UTF-16 units, so the client cut the body short. Use Buffer.byteLength()`))).toBe(bodyBytes);
    expect(jsonBody(res), rng.tag(explain(res, 'the client must receive the whole JSON body'))).toEqual({ player, pegs: ['🔴', '🟢', '🔵', '🟡'] });
  });

  it('waits for an async handler and sends what it resolves to', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = (): void => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    const id = rng.word(6);
    const router = createRouter();
    router.on('POST', '/games', async () => {
      started();
      await gate; // as a database call would
      return { status: 201, body: { id } };
    });
    const { url } = await serveRouter(router);

    const pending = send(url, 'POST', '/games', { body: { pegs: 4 } });
    await Promise.race([running, pending]);
    release();
    const res = await pending;
    expect(res.status, rng.tag(explain(res, 'the handler returns a promise: await it and send what it resolves to, here 201'))).toBe(201);
    expect(jsonBody(res), rng.tag(explain(res, 'the body is the resolved reply’s body, not the promise (a promise serialises as {})'))).toEqual({ id });
  });

  it('answers 500 with { "error": "internal server error" } when a handler throws, leaking neither message nor stack', async () => {
    silenceConsoleError();
    const secret = `postgres://admin:${rng.word(10)}@db.internal/mastermind`;
    const router = createRouter();
    router.on('GET', '/games/:id', () => {
      throw new Error(`could not connect to ${secret}`);
    });
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', '/games/1');
    expect(res.status, rng.tag(explain(res, 'a handler that throws is the server’s failure: 500 Internal Server Error (RFC 9110, section 15.6.1)'))).toBe(500);
    expect(res.text, rng.tag(explain(res, 'the 500 body contains a stack trace: it shows an attacker your files, libraries and versions. Log it on the server, send a generic message (OWASP Error Handling Cheat Sheet)'))).not.toMatch(/\bat .*:\d+:\d+/);
    expect(res.text, rng.tag(explain(res, 'the 500 body contains the error’s message, and messages carry secrets such as this connection string (OWASP Error Handling Cheat Sheet)'))).not.toContain(secret);
    expect(jsonBody(res), rng.tag(explain(res, 'the body must be exactly { "error": "internal server error" }'))).toEqual({ error: 'internal server error' });
  });

  it('answers the same 500 when an async handler’s promise rejects', async () => {
    silenceConsoleError();
    const secret = `token=${rng.word(12)}`;
    const router = createRouter();
    router.on('POST', '/games/:id/guesses', async () => {
      await Promise.resolve();
      throw new Error(`scoring service refused ${secret}`);
    });
    const { url } = await serveRouter(router);

    const res = await send(url, 'POST', '/games/1/guesses', { body: { guess: ['red', 'red', 'blue', 'green'] } });
    expect(res.status, rng.tag(explain(res, 'a rejected promise is a thrown error that arrives later: 500 as well (RFC 9110, section 15.6.1)'))).toBe(500);
    expect(res.text, rng.tag(explain(res, 'the 500 body must not carry the error’s message (OWASP Error Handling Cheat Sheet)'))).not.toContain(secret);
    expect(jsonBody(res), rng.tag(explain(res, 'the body must be exactly { "error": "internal server error" }'))).toEqual({ error: 'internal server error' });
  });

  it('keeps serving other requests after a handler fails', async () => {
    silenceConsoleError();
    const router = createRouter();
    router.on('GET', '/games/:id', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'code')");
    });
    router.on('GET', '/games', () => ({ body: { games: [] } }));
    const server = await serveRouter(router);

    const failed = await send(server.url, 'GET', '/games/1');
    expect(failed.status, explain(failed, 'the throwing handler is answered 500 (RFC 9110, section 15.6.1)')).toBe(500);
    const next = await send(server.url, 'GET', '/games');
    expect(next.status, explain(next, 'one failing request must not take the server down: the next request is served as usual')).toBe(200);
    expect(server.served.every((entry) => entry.rejection === undefined), explain(next, 'router.handle() must never reject: an unhandled rejection stops a Node process by default')).toBe(true);
  });

  it('lets a handler’s own content-type replace the JSON default', async () => {
    const router = createRouter();
    router.on('GET', '/games/:id', () => ({ status: 404, headers: { 'content-type': 'application/problem+json' }, body: { title: 'no such game' } }));
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', `/games/${rng.int(1, 99)}`);
    expect(res.headers.get('content-type'), rng.tag(explain(res, 'the handler set its own content-type, and its own wins over application/json; charset=utf-8: it knows what its body is (RFC 9110, section 8.3)'))).toBe('application/problem+json');
  });

  it('lets a handler’s own content-type win whatever the case of its name', async () => {
    const router = createRouter();
    router.on('GET', '/games/:id', () => ({ headers: { 'Content-Type': 'application/problem+json' }, body: { title: 'no such game' } }));
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', `/games/${rng.int(1, 99)}`);
    expect(res.headers.get('content-type'), rng.tag(explain(res, 'header names are case-insensitive (RFC 9110, section 5.1): "Content-Type" from the handler is the content-type, and it wins over the JSON default'))).toBe('application/problem+json');
  });

  it('logs a handler’s error on the server with console.error', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    onTestFinished(() => spy.mockRestore());
    const failure = new Error(`lost the connection to ${rng.word(8)}`);
    const router = createRouter();
    router.on('GET', '/games/:id', () => {
      throw failure;
    });
    const { url } = await serveRouter(router);

    const res = await send(url, 'GET', '/games/1');
    expect(res.status, rng.tag(explain(res, 'a handler that throws is answered 500 (RFC 9110, section 15.6.1)'))).toBe(500);
    const logged = spy.mock.calls.some((args) => args.some((arg) => arg === failure || (typeof arg === 'string' && arg.includes(failure.message))));
    expect(logged, rng.tag(explain(res, 'the error must be logged on the server with console.error(error): the client gets a generic 500, so the log is the only place anyone can learn what failed (OWASP Error Handling Cheat Sheet)'))).toBe(true);
  });

  it('answers 500 when a handler throws something that is not an Error, such as null', async () => {
    silenceConsoleError();
    const router = createRouter();
    router.on('GET', '/games/:id', () => {
      throw null;
    });
    const server = await serveRouter(router);

    const res = await send(server.url, 'GET', '/games/1');
    expect(res.status, explain(res, 'JavaScript can throw any value; null thrown by a handler is a failure like any other: 500 (RFC 9110, section 15.6.1), and neither the catch nor the log may assume an Error with a message')).toBe(500);
    expect(server.served.every((entry) => entry.rejection === undefined), explain(res, 'router.handle() must never reject')).toBe(true);
  });

  it('answers 500 when the reply’s body cannot be serialised as JSON', async () => {
    silenceConsoleError();
    const router = createRouter();
    router.on('GET', '/games/:id', () => ({ body: { id: 1n, turns: rng.int(1, 12) } }));
    const server = await serveRouter(router);

    const res = await send(server.url, 'GET', '/games/1');
    expect(res.status, rng.tag(explain(res, 'JSON.stringify throws on a BigInt (and on a cycle): the server could not produce its answer, 500 Internal Server Error (RFC 9110, section 15.6.1)'))).toBe(500);
    expect(jsonBody(res), rng.tag(explain(res, 'the body must be exactly { "error": "internal server error" }'))).toEqual({ error: 'internal server error' });
    expect(server.served.every((entry) => entry.rejection === undefined), rng.tag(explain(res, 'router.handle() must never reject'))).toBe(true);
  });

  it('answers a reply that cannot be serialised with a 500 that carries none of that reply’s headers', async () => {
    silenceConsoleError();
    const id = rng.word(6);
    const router = createRouter();
    router.on('POST', '/games', () => ({ status: 201, headers: { location: `/games/${id}`, 'cache-control': 'public, max-age=3600' }, body: { id, seed: 7n } }));
    const { url } = await serveRouter(router);

    const res = await send(url, 'POST', '/games', { body: { pegs: 4 } });
    expect(res.status, rng.tag(explain(res, 'JSON.stringify throws on a BigInt: the reply could not be sent, so 500 Internal Server Error (RFC 9110, section 15.6.1)'))).toBe(500);
    expect(res.headers.get('cache-control'), rng.tag(explain(res, 'the 500 carries the cache-control of the reply that failed, so a cache may keep this error and serve it for an hour: the headers described an answer that was never sent; the 500 is the same one a throwing handler gets (RFC 9111, section 3)'))).toBeNull();
    expect(res.headers.get('location'), rng.tag(explain(res, `the 500 carries the failed reply’s Location: /games/${id}, pointing the client at a game the server never reported as created (RFC 9110, section 10.2.2)`))).toBeNull();
    expect(jsonBody(res), rng.tag(explain(res, 'the body must be exactly { "error": "internal server error" }'))).toEqual({ error: 'internal server error' });
  });

  it('answers 500 when the reply has a header node:http refuses to send, such as a value with a line break', async () => {
    silenceConsoleError();
    const colour = rng.pick(COLOURS);
    const router = createRouter();
    router.on('GET', '/games/:id', () => ({ headers: { 'x-next-colour': `${colour}\r\nset-cookie: admin=1` }, body: { colour } }));
    const server = await serveRouter(router);

    const res = await send(server.url, 'GET', '/games/1');
    expect(server.served.every((entry) => entry.rejection === undefined), rng.tag(explain(res, 'router.handle() rejected: res.setHeader() throws on a header value with a line break (ERR_INVALID_CHAR), because a line break would end the field and start one of the value’s own choosing (RFC 9110, section 5.5). A reply the server cannot send is the server’s failure: catch it and answer 500'))).toBe(true);
    expect(res.status, rng.tag(explain(res, 'a reply whose headers cannot be sent is the server’s failure: 500 Internal Server Error (RFC 9110, section 15.6.1)'))).toBe(500);
    expect(res.headers.get('set-cookie'), rng.tag(explain(res, 'a header value must never become a header of its own'))).toBeNull();
    expect(jsonBody(res), rng.tag(explain(res, 'the body must be exactly { "error": "internal server error" }'))).toEqual({ error: 'internal server error' });
  });
});
