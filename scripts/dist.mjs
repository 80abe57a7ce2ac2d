// scripts/dist.mjs: the built page (build/wasm-release/web) as a folder ready for any static host, every
// file but the two pages and sw.js named after its content (capiton.3f9c01ab2e.wasm), so that a page
// can never load the .js of one build with the .wasm of another, even while a deploy is half copied.
// Called by scripts/dist, and by the browser tests (tests/e2e/deploy.test.mjs).
//   node scripts/dist.mjs FROM_DIR TO_DIR
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The files that get a content-hashed name, each after the files its text names (their new names are
// written into it first, so that its own hash covers them). `names`: what each file refers to, each
// by its plain name in quotes; a reference that is not found stops the script (a renamed file).
const HASHED = [
  { file: 'capiton.wasm', names: [] },
  { file: 'capiton-train.wasm', names: [] },
  { file: 'capiton-zh.ttf', names: [] },
  { file: 'capiton-poems-gpt.bin', names: [] },
  { file: 'capiton-poems-train.tsv', names: [] },
  { file: 'capiton-poems-held.tsv', names: [] },
  { file: 'capiton-train.js', names: ['capiton-train.wasm'] },
  { file: 'capiton-train-worker.js', names: ['capiton-train.js', 'capiton-poems-train.tsv', 'capiton-poems-held.tsv'] },
  { file: 'capiton.js', names: ['capiton.wasm'] },
];
// What a page names: its preloads, and what its page script fetches.
const PAGE = ['capiton.js', 'capiton.wasm', 'capiton-zh.ttf', 'capiton-train-worker.js', 'capiton-poems-gpt.bin'];
// Kept under their names (what links and the service worker's scope point at), with the names rewritten.
const KEPT = [
  // the pages, with their page script inline (cmake/inline_page.cmake)
  { file: 'index.html', names: PAGE },
  { file: 'embed.html', names: PAGE },
  { file: 'sw.js', names: HASHED.map((h) => h.file) },
  { file: 'capiton-poems-GPL-3.txt', names: [] },  // the poem files' licence (docs/data.md)
  { file: 'capiton-poems-NOTICE.txt', names: [] },
  { file: 'capiton-guide.html', names: [] },  // the guide for course pages, opened by name (the share popup)
  { file: 'capiton-guide-zh.html', names: [] },  // its Chinese edition
];
const TEXT = /\.(js|css|html)$/;

const hashOf = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 10);
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Every quoted occurrence of each name in `text`, replaced by its new name; throws if one is missing.
function rename(text, names, newName, where) {
  for (const name of names) {
    const pattern = new RegExp(`(['"])${escape(name)}\\1`, 'g');
    if (!pattern.test(text)) throw new Error(`${where} does not name '${name}' any more: update scripts/dist.mjs`);
    text = text.replace(pattern, (_, q) => q + newName.get(name) + q);
  }
  return text;
}

// The files an earlier run wrote: the kept names, and content-hashed ones.
const isOurs = (name) => KEPT.some((k) => k.file === name) || /^capiton(-[a-z-]+)?\.[0-9a-f]{10}\.[a-z]+$/.test(name);

// Writes the folder `to`: a new one, an empty one, or an earlier run's, whose files are replaced. A
// folder holding anything else (a course site's own pages) is refused and left as it was. Everything
// is made in memory first, so that a failure (a renamed file) leaves the folder as it was too.
export function makeDist(from, to) {
  const out = new Map();  // file name → content
  const newName = new Map();
  for (const { file, names } of HASHED) {
    let bytes = readFileSync(join(from, file));
    if (TEXT.test(file)) bytes = Buffer.from(rename(bytes.toString('utf8'), names, newName, file));
    const dot = file.indexOf('.');
    const named = `${file.slice(0, dot)}.${hashOf(bytes)}${file.slice(dot)}`;
    newName.set(file, named);
    out.set(named, bytes);
  }
  const kept = new Map(KEPT.map(({ file, names }) => [file, rename(readFileSync(join(from, file), 'utf8'), names, newName, file)]));
  // The build's id: every hashed name, and the pages themselves (their style and script are inline),
  // so that any change makes a new sw.js and browsers take the new build.
  const build = hashOf([...newName.values(), ...[...kept].filter(([f]) => f !== 'sw.js').map(([, text]) => text)].join(' '));
  for (const [file, text] of kept) out.set(file, file === 'sw.js' ? text.replace(/const BUILD = '[^']*'/, `const BUILD = '${build}'`) : text);

  if (existsSync(to)) {
    const names = readdirSync(to);
    // an earlier run's folder has its sw.js, which names its build, or (a write that failed) hashed
    // files (a site's own index.html is not ours)
    const sw = join(to, 'sw.js');
    const earlier = (names.includes('sw.js') && lstatSync(sw).isFile() && /const BUILD = '/.test(readFileSync(sw, 'utf8'))) ||
                    names.some((f) => /\.[0-9a-f]{10}\./.test(f) && isOurs(f));
    const foreign = names.filter((f) => !earlier || !isOurs(f) || !lstatSync(join(to, f)).isFile());
    if (foreign.length > 0) {
      const some = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, and ${foreign.length - 5} more` : '');
      throw new Error(`${to} holds files scripts/dist did not write (${some}); nothing was changed. ` +
                      'Give a new or empty folder, or one that an earlier scripts/dist wrote.');
    }
    for (const f of names) rmSync(join(to, f));
  }
  mkdirSync(to, { recursive: true });
  for (const [file, content] of out) if (file !== 'sw.js') writeFileSync(join(to, file), content);
  writeFileSync(join(to, 'sw.js'), out.get('sw.js'));  // last: the folder is an earlier run's once it is there
  return { build, files: [...KEPT.map((k) => k.file), ...newName.values()] };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [from, to] = process.argv.slice(2);
  if (!from || !to) {
    console.error('usage: node scripts/dist.mjs FROM_DIR TO_DIR');
    process.exit(2);
  }
  let made;
  try {
    made = makeDist(from, to);
  } catch (e) {
    console.error(`scripts/dist: ${e.message}`);
    process.exit(1);
  }
  const { build, files } = made;
  console.log(`build ${build}: ${files.length} files in ${to}`);
  for (const f of files) console.log('  ' + f);
}
