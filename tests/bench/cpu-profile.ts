import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}

/** Where a URL's code comes from: a package (ours or a dependency), Node itself, or the engine. */
function ownerOf(url: string, functionName: string): string {
  if (!url) return functionName === '(idle)' ? '(idle)' : `(${functionName || 'native'})`;
  const dependency = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (dependency) return dependency[1]!;
  const ours = /\/(packages|apps)\/([^/]+)\/src\//.exec(url);
  if (ours) return `@switchboard/${ours[2]}`;
  if (url.startsWith('node:')) return 'node (built-in)';
  return url.replace(/^.*\//, '');
}

/**
 * Profiles this process's main thread while `work` runs and prints where its CPU went, by package.
 * (A Temporal worker runs workflow code in worker threads of its own: not in this profile.)
 */
export async function profiled<T>(label: string, work: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1000 });
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = (await session.post('Profiler.stop')) as unknown as {
      profile: { nodes: ProfileNode[] };
    };
    session.disconnect();
    const byOwner = new Map<string, number>();
    for (const node of profile.nodes) {
      const owner = ownerOf(node.callFrame.url, node.callFrame.functionName);
      byOwner.set(owner, (byOwner.get(owner) ?? 0) + (node.hitCount ?? 0));
    }
    const busy = [...byOwner].filter(([owner]) => owner !== '(idle)');
    const total = busy.reduce((sum, [, hits]) => sum + hits, 0) || 1;
    const idle = byOwner.get('(idle)') ?? 0;
    console.log(
      `  where the main thread's CPU went (${label}; busy ${((total / (total + idle)) * 100).toFixed(0)}% of samples):`,
    );
    for (const [owner, hits] of busy.sort((a, b) => b[1] - a[1]).slice(0, 10))
      console.log(`    ${((hits / total) * 100).toFixed(1).padStart(5)}%  ${owner}`);
    // And the functions themselves, by their own time: which line of which package to look at.
    const byFunction = new Map<string, number>();
    for (const node of profile.nodes) {
      const { functionName, url } = node.callFrame;
      const owner = ownerOf(url, functionName);
      if (owner === '(idle)' || !node.hitCount) continue;
      const key = `${functionName || '(anonymous)'}  ${owner}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + node.hitCount);
    }
    console.log('  hottest functions (self time):');
    for (const [key, hits] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 8))
      console.log(`    ${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
  }
}
