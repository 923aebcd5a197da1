import type { RequestHandler } from 'express';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Rankfall GraphQL API</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#222}code,pre{background:#f3f3f3;border-radius:4px}pre{padding:.75rem;overflow:auto}</style>
</head>
<body>
<h1>Rankfall GraphQL API</h1>
<p>This endpoint speaks GraphQL. It has no in-browser explorer; send queries from a script, the CLI or the dashboard.</p>
<h2>Query over HTTP</h2>
<pre>curl -s http://HOST/graphql \\
  -H 'content-type: application/json' \\
  -H 'authorization: Bearer rfk_…' \\
  -d '{"query":"{ viewer { user { email } teams { slug role } } }"}'</pre>
<p><code>POST</code> a JSON body <code>{"query": "…", "variables": {…}}</code> with <code>content-type: application/json</code> (at most 1 MB).
Authenticate with an API token (<code>Authorization: Bearer …</code>, create one with the <code>createApiToken</code> mutation) or the
<code>rankfall_session</code> cookie that <code>signIn</code> sets.</p>
<h2>Subscriptions</h2>
<p>WebSocket at this same path with the <code>graphql-transport-ws</code> protocol (graphql-ws); pass
<code>{"authorization": "Bearer …"}</code> as connection params, e.g. <code>subscription { runUpdated(runId: "…") { status progress } }</code>.</p>
<h2>Files</h2>
<p><code>GET /artifacts/run/RUN/image/IMAGE/clean.png</code>, <code>adversarial.png</code>, <code>difference.png</code> and
<code>GET /exports/run/RUN/results.csv</code> or <code>results.json</code>, with the same authentication.</p>
<p>The schema is described in <code>docs/api.md</code> of the Rankfall repository.</p>
</body>
</html>
`;

/** GET /graphql from a browser (no `query` parameter): an offline page that says how to use the API. */
export const landingPage: RequestHandler = (request, response, next) => {
  if (request.method !== 'GET' || request.query['query'] !== undefined || !request.accepts('text/html')) {
    next();
    return;
  }
  response
    .status(200)
    .set({ 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'x-content-type-options': 'nosniff' })
    .send(PAGE);
};
