// Copies the self-hosted browser assets (GraphiQL 4 UMD build, React 18 UMD builds,
// Cytoscape.js, Chart.js) from web/node_modules into ui/assets/ at the repo root,
// and writes ui/assets/sri.json: {"<file>": "sha256-<base64 digest>"}.
//
// Run from web/: `npm ci && npm run assets`.

import { createHash } from 'node:crypto';
import { access, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(webDir, '..', 'ui', 'assets');

// Package directory in web/node_modules (some packages' "exports" hide their files and even
// their package.json from require.resolve).
const pkgDir = (name) => path.join(webDir, 'node_modules', name);

// [package, file inside the package, name in ui/assets]
const ASSETS = [
  ['graphiql', 'graphiql.min.js', 'graphiql.min.js'],
  ['graphiql', 'graphiql.min.css', 'graphiql.min.css'],
  ['react', 'umd/react.production.min.js', 'react.production.min.js'],
  ['react-dom', 'umd/react-dom.production.min.js', 'react-dom.production.min.js'],
  // The graph explorer at /explore.
  ['cytoscape', 'dist/cytoscape.min.js', 'cytoscape.min.js'],
  // The State profile page's charts at /state/{CODE}.
  ['chart.js', 'dist/chart.umd.min.js', 'chart.umd.min.js'],
];

async function main() {
  await mkdir(outDir, { recursive: true });
  const sri = {};
  for (const [pkg, rel, out] of ASSETS) {
    let src;
    try {
      src = path.join(pkgDir(pkg), rel);
      await access(src);
    } catch (err) {
      throw new Error(`missing ${pkg}/${rel} (run "npm ci" in web/ first): ${err.message}`);
    }
    const dest = path.join(outDir, out);
    await copyFile(src, dest);
    const digest = createHash('sha256').update(await readFile(dest)).digest('base64');
    sri[out] = `sha256-${digest}`;
    const { version } = JSON.parse(await readFile(path.join(pkgDir(pkg), 'package.json'), 'utf8'));
    console.log(`${pkg}@${version} ${rel} -> ui/assets/${out} ${sri[out]}`);
  }
  await writeFile(path.join(outDir, 'sri.json'), JSON.stringify(sri, null, 2) + '\n');
  console.log(`wrote ui/assets/sri.json (${Object.keys(sri).length} entries)`);
}

main().catch((err) => {
  console.error(`copy-assets: ${err.message}`);
  process.exit(1);
});
