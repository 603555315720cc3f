import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRIDGE_LAYERS } from '../../../eslint.config.js';

/**
 * bridge/'s import graph, one node per folder and one per root file (errors.ts, config.ts, …),
 * read from the sources. The lint rule keeps folder imports pointing down the layer list; this
 * also proves there is no cycle at all, root files included.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

function nodeOf(file: string): string {
  const parts = relative(join(ROOT, 'bridge'), file).split('/');
  return parts.length === 1 ? (parts[0] as string) : `${parts[0]}/`;
}

function importGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of walk(join(ROOT, 'bridge'))) {
    const from = nodeOf(file);
    const edges = graph.get(from) ?? new Map<string, string>();
    graph.set(from, edges);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)) {
      const target = resolve(dirname(file), m[1] as string);
      if (!target.startsWith(join(ROOT, 'bridge') + '/')) continue;
      const to = nodeOf(target);
      if (to !== from && !edges.has(to)) edges.set(to, relative(ROOT, file));
    }
  }
  return graph;
}

/** A cycle as a path of nodes, or null (depth-first search, colouring nodes on the stack). */
function findCycle(graph: Map<string, Map<string, string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('bridge/ layers', () => {
  const graph = importGraph();

  it('has no import cycle between its folders and root files', () => {
    expect(findCycle(graph)).toBeNull();
  });

  it('names every folder in the layer list, and folder imports only point down it', () => {
    const folders = [...graph.keys()].filter((n) => n.endsWith('/')).map((n) => n.slice(0, -1));
    expect([...folders].sort()).toEqual([...BRIDGE_LAYERS].sort());
    const upward: string[] = [];
    for (const [from, edges] of graph) {
      if (!from.endsWith('/')) continue;
      for (const [to, file] of edges) {
        if (!to.endsWith('/')) continue;
        const [a, b] = [BRIDGE_LAYERS.indexOf(from.slice(0, -1)), BRIDGE_LAYERS.indexOf(to.slice(0, -1))];
        if (b < a) upward.push(`${file} imports bridge/${to}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('finds a planted cycle (the check can fail)', () => {
    const planted = new Map(graph);
    planted.set('pool/', new Map([...(graph.get('pool/') ?? []), ['surfaces/', 'planted']]));
    expect(findCycle(planted)).toEqual(expect.arrayContaining(['pool/', 'surfaces/']));
  });
});
