import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { PortalAsset, PortalAssets } from '@switchboard/api';
import { build } from 'esbuild';

const entry = fileURLToPath(new URL('./ui/main.tsx', import.meta.url));

/**
 * Bundles the portal with esbuild, in memory, when the API starts (a fraction of a second): no
 * build step to forget and no stale copy on disk. One script and one stylesheet, minified, named by
 * their content so a browser caches them until they change.
 */
export async function buildPortal(): Promise<PortalAssets> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    // A phone from five years ago: iOS 14 Safari, Chrome 90 (both ES2020).
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    write: false,
    outdir: '/portal',
    // Each language but English is a chunk of its own, loaded when chosen: the first page carries
    // one language's words. Names carry the content's hash, so a browser caches them until they change.
    splitting: true,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const assets = new Map<string, PortalAsset>();
  const names: Record<string, string> = {};
  for (const file of result.outputFiles) {
    const extension = file.path.endsWith('.css') ? 'css' : 'js';
    // Chunks are imported by these names from the entry script, so they keep them.
    const path = `/portal/${basename(file.path)}`;
    if (basename(file.path).startsWith('main-')) names[extension] = path;
    assets.set(path, {
      body: file.contents,
      gzip: gzipSync(file.contents, { level: 9 }),
      type: extension === 'css' ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      immutable: true,
    });
  }
  assets.set('/', {
    body: new TextEncoder().encode(page(names.js!, names.css!)),
    type: 'text/html; charset=utf-8',
    immutable: false,
  });
  return assets;
}

/** The one page: the script fills it; without script it still says where help is. */
function page(script: string, stylesheet: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Switchboard</title>
<link rel="stylesheet" href="${stylesheet}">
<script type="module" src="${script}"></script>
</head>
<body>
<div id="app"><noscript><p>This site needs JavaScript. Su navegador necesita JavaScript para este sitio.</p></noscript></div>
</body>
</html>
`;
}
