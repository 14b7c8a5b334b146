/**
 * The console's drawing of a dossier's state machines (console/public/js/graph): built from the
 * very ASL files the engine runs, every state named in French, laid out without overlaps, and a
 * path highlighted as an execution's history gives it.
 */
import { describe, expect, it } from 'vitest';
import { definitionOf, MACHINES, type MachineName } from '#workflows/definitions.ts';
import { HUMAN_STEPS } from '#workflows/machines.ts';

/** The console's browser modules (plain JavaScript, no DOM in these three). */
const load = (file: string) => import(new URL(`../../../console/public/js/graph/${file}`, import.meta.url).href);
const { machineGraph, journeyOn } = await load('machine-graph.js');
const { layeredLayout } = await load('layered-layout.js');
const { STATE_LABELS, CONDITION_LABELS, MACHINE_TITLES } = await load('state-labels.js');

type Graph = {
  start: string;
  nodes: Map<string, { id: string; type: string; step?: string; states: string[]; defensive: boolean }>;
  edges: { id: string; from: string; to: string; kind: string; conditions: string[] }[];
  nodeOf: Map<string, string>;
};
const graphOf = (machine: MachineName): Graph => machineGraph(definitionOf(machine));

describe('a machine as a graph', () => {
  it.each(MACHINES)('%s: every state is drawn, a human step as one node named by its step', (machine) => {
    const definition = definitionOf(machine);
    const graph = graphOf(machine);
    expect(MACHINE_TITLES[machine]).toBeTruthy();
    expect([...graph.nodeOf.keys()].sort()).toEqual(Object.keys(definition.States).sort());
    const steps = [...graph.nodes.values()].filter((n) => n.type === 'humain').map((n) => n.step);
    expect(steps.sort()).toEqual(
      HUMAN_STEPS.filter((s) => s.machine === machine)
        .map((s) => s.id)
        .sort(),
    );
    for (const node of graph.nodes.values()) {
      if (node.type !== 'humain') expect(STATE_LABELS[node.id], `${machine}: no French name for state ${node.id}`).toBeTruthy();
    }
    for (const edge of graph.edges) {
      if (edge.kind === 'decision' || edge.kind === 'reprise') continue;
      for (const c of edge.conditions) expect(CONDITION_LABELS[c], `${machine}: no French name for condition ${c}`).toBeTruthy();
    }
    expect(graph.start).toBe('Route');
  });

  it('routes a human step by its decisions, its timeout by a Catch; the defensive dead ends are left out', () => {
    const graph = graphOf('instruction');
    const from = (id: string) => graph.edges.filter((e) => e.from === id).map((e) => `${e.kind}:${e.conditions.join('|')}→${e.to}`);
    expect(from('CompletenessCheck').sort()).toEqual([
      'choix:default→UnknownDecision',
      'decision:ask-complements→RequestComplements',
      'decision:complete→MarkComplete',
      'erreur:States.Timeout→StepTimedOut',
    ]);
    expect(graph.nodes.get('CompletenessCheck')?.states.sort()).toEqual([
      'CompletenessCheck',
      'CompletenessDecision',
      'PlanCompletenessCheck',
    ]);
    expect(graph.nodes.get('UnknownDecision')?.defensive).toBe(true);
    expect(graph.nodes.get('Rejected')?.defensive).toBe(false);
    const { shown } = journeyOn(graph, []);
    expect(shown.nodes.some((n: { id: string }) => n.id === 'UnknownDecision')).toBe(false);
    expect(shown.edges.some((e: { kind: string }) => e.kind === 'reprise')).toBe(false);
  });

  it('highlights the path an execution took and where it stands', () => {
    const graph = graphOf('instruction');
    const at = (n: number) => `2026-03-02T10:00:0${n}.000Z`;
    const execution = {
      statut: 'RUNNING',
      etats: [
        { nom: 'Route', entre: at(0), sorti: at(0) },
        { nom: 'AcknowledgeSubmission', entre: at(1), sorti: at(1) },
        { nom: 'PlanCompletenessCheck', entre: at(2), sorti: at(2) },
        { nom: 'CompletenessCheck', entre: at(3), sorti: at(4) },
        { nom: 'CompletenessDecision', entre: at(4), sorti: at(4) },
        { nom: 'MarkComplete', entre: at(5), sorti: at(5) },
        { nom: 'PlanChiefValidation', entre: at(6), sorti: at(6) },
        { nom: 'ChiefValidation', entre: at(7) },
      ],
    };
    const journey = journeyOn(graph, [execution]);
    expect(journey.journeys[0].path.map((p: { node: string }) => p.node)).toEqual([
      'Route',
      'AcknowledgeSubmission',
      'CompletenessCheck',
      'MarkComplete',
      'ChiefValidation',
    ]);
    expect(journey.current).toEqual(['ChiefValidation']);
    expect([...journey.taken].sort()).toEqual([
      'AcknowledgeSubmission→CompletenessCheck:suite',
      'CompletenessCheck→MarkComplete:decision',
      'MarkComplete→ChiefValidation:suite',
      'Route→AcknowledgeSubmission:suite',
    ]);
    expect(journeyOn(graph, [{ ...execution, statut: 'SUCCEEDED' }]).current).toEqual([]);
  });
});

describe('the layered layout', () => {
  it.each(MACHINES)('%s: nodes never overlap, edges run from their source to their target, forward edges go down', (machine) => {
    const graph = graphOf(machine);
    const { shown } = journeyOn(graph, []);
    const input = {
      start: graph.start,
      nodes: shown.nodes.map((n: { id: string }) => ({ id: n.id, width: 180, height: 40 })),
      edges: shown.edges.map((e: { id: string; from: string; to: string }) => ({ id: e.id, from: e.from, to: e.to })),
    };
    const layout = layeredLayout(input);
    const boxes = [...layout.nodes.values()] as { x: number; y: number; width: number; height: number }[];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        const apart = Math.abs(a.x - b.x) >= (a.width + b.width) / 2 || Math.abs(a.y - b.y) >= (a.height + b.height) / 2;
        expect(apart, `${machine}: two nodes overlap`).toBe(true);
      }
    for (const box of boxes) {
      expect(box.x - box.width / 2).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width / 2).toBeLessThanOrEqual(layout.width);
      expect(box.y + box.height / 2).toBeLessThanOrEqual(layout.height);
    }
    expect(layout.edges).toHaveLength(input.edges.length);
    for (const edge of layout.edges as { from: string; to: string; reversed: boolean; points: { x: number; y: number }[] }[]) {
      const [from, to] = [layout.nodes.get(edge.from), layout.nodes.get(edge.to)];
      const [first, last] = [edge.points[0]!, edge.points.at(-1)!];
      expect(first.x).toBeCloseTo(from.x);
      expect(last.x).toBeCloseTo(to.x);
      if (!edge.reversed) {
        expect(to.layer).toBeGreaterThan(from.layer);
        expect(first.y).toBeCloseTo(from.y + from.height / 2);
        expect(last.y).toBeCloseTo(to.y - to.height / 2);
      } else expect(to.layer).toBeLessThan(from.layer);
    }
  });

  it('breaks a cycle and lays a chain straight down', () => {
    const layout = layeredLayout({
      start: 'a',
      nodes: ['a', 'b', 'c'].map((id) => ({ id, width: 100, height: 30 })),
      edges: [
        { id: 'ab', from: 'a', to: 'b' },
        { id: 'bc', from: 'b', to: 'c' },
        { id: 'ca', from: 'c', to: 'a' },
      ],
    });
    expect(['a', 'b', 'c'].map((id) => layout.nodes.get(id).layer)).toEqual([0, 1, 2]);
    expect(layout.edges.find((e: { id: string }) => e.id === 'ca').reversed).toBe(true);
    const chain = layeredLayout({
      start: 'a',
      nodes: ['a', 'b', 'c'].map((id) => ({ id, width: 100, height: 30 })),
      edges: [
        { id: 'ab', from: 'a', to: 'b' },
        { id: 'bc', from: 'b', to: 'c' },
      ],
    });
    expect(new Set(['a', 'b', 'c'].map((id) => chain.nodes.get(id).x)).size).toBe(1);
  });
});
