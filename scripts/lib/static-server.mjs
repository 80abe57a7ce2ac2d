// A small static file server for the built page, used by scripts/serve and the browser tests.
// Listens on 127.0.0.1 only. Usage as a program: node static-server.mjs DIR [--port N]
// Tests may give { head: '<script>…</script>' }: written first into the <head> of every HTML page
// (tests/engines collects WebKit's console errors so, as WebDriver classic cannot listen to them).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.otf': 'font/otf', '.ttf': 'font/ttf', '.txt': 'text/plain; charset=utf-8',
};

export function startServer(dir, port = 0, { head = '' } = {}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      let path = normalize(join(root, decodeURIComponent(url.pathname)));
      if (path !== root && !path.startsWith(root + sep)) throw Object.assign(new Error('outside'), { code: 403 });
      if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
      let body = await readFile(path);
      if (head && extname(path) === '.html') body = Buffer.from(body.toString('utf8').replace(/<head>/i, (h) => h + head));
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] || 'application/octet-stream',
                           'Content-Length': body.length, 'Cache-Control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      const code = e.code === 403 ? 403 : 404;
      res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(code === 403 ? 'Forbidden\n' : 'Not found\n');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const usage = 'usage: node static-server.mjs DIR [--port N | --port=N]  (serves DIR on 127.0.0.1, port 8080 by default)';
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  const dir = args[0];
  let port = 8080, unknown = null;  // --port N or --port=N; anything else is refused
  const number = (s) => (/^\d+$/.test(s ?? '') ? Number(s) : NaN);
  for (let i = 1; i < args.length; i++) {
    if (args[i] === '--port') port = number(args[++i]);
    else if (args[i].startsWith('--port=')) port = number(args[i].slice('--port='.length));
    else unknown ??= args[i];
  }
  const isDir = await stat(dir ?? '').then((st) => st.isDirectory(), () => false);
  if (!dir || dir.startsWith('-') || unknown !== null || !isDir || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(!dir || dir.startsWith('-') ? usage
      : unknown !== null ? `capiton: unknown argument ${unknown}\n${usage}`
      : !isDir ? `capiton: ${dir} is not a folder\n${usage}` : `capiton: --port wants a number from 0 to 65535\n${usage}`);
    process.exit(2);
  }
  startServer(dir, port).then(
    (server) => console.log(`capiton is served at http://127.0.0.1:${server.address().port}/  (Ctrl+C stops)`),
    (e) => { console.error(`capiton: cannot listen on 127.0.0.1:${port}: ${e.message}`); process.exit(1); });
}
