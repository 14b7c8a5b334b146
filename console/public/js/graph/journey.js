/**
 * « Parcours du dossier » on the dossier page: the state machines that carry it, drawn as SVG
 * from the very definitions the engine runs (workflows/*.asl.json, served beside the console),
 * with the path taken and the current step highlighted (GET /dossiers/{id}/parcours: each
 * execution's states, in order). A machine at a time (buttons, the current phase first). The
 * drawing is an image with a title; its text alternative is beside it: the steps taken, in order,
 * with their dates, and every step of the machine with where each leads.
 */
import { api } from '../api.js';
import { fill, h, newId, s } from '../dom.js';
import { instant } from '../format.js';
import { layeredLayout } from './layered-layout.js';
import { journeyOn, machineGraph } from './machine-graph.js';
import { CONDITION_LABELS, MACHINE_TITLES, STATE_LABELS } from './state-labels.js';

const MACHINES = Object.keys(MACHINE_TITLES);
const NODE_WIDTH = 188;
const LINE_HEIGHT = 16;
const CHARS_PER_LINE = 25;

const definitions = new Map();
/** A machine's definition as generated (workflows/<machine>.asl.json), read once. */
function definitionOf(machine) {
  if (!definitions.has(machine)) {
    definitions.set(
      machine,
      fetch(new URL(`../../workflows/${machine}.asl.json`, import.meta.url)).then((r) => {
        if (!r.ok) throw new Error(`définition ${machine} : ${r.status}`);
        return r.json();
      }),
    );
  }
  return definitions.get(machine).catch((error) => {
    definitions.delete(machine);
    throw error;
  });
}

/** A human step by its title (GET /referentiel); any other state by its French name. */
function nodeLabel(node, ref) {
  if (node.step) return ref.etapes[node.step]?.titre ?? node.step;
  return STATE_LABELS[node.id] ?? node.id;
}
/** A decision's label without its parenthesis: « Avis favorable (montant…) » → « Avis favorable ». */
const short = (label) => label.replace(/\s*\(.*\)\s*$/, '');
function edgeLabel(edge, graph, ref) {
  const from = graph.nodes.get(edge.from);
  return edge.conditions
    .map((c) => {
      if (edge.kind === 'decision') return short(ref.etapes[from.step]?.decisions.find((d) => d.code === c)?.libelle ?? c);
      if (edge.kind === 'reprise') return `reprise : ${ref.etapes[c]?.titre ?? c}`;
      return CONDITION_LABELS[c] ?? c;
    })
    .join(' ou ');
}

function wrap(text) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && `${line} ${word}`.length > CHARS_PER_LINE) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length <= 3) return lines;
  return [
    ...lines.slice(0, 2),
    `${lines
      .slice(2)
      .join(' ')
      .slice(0, CHARS_PER_LINE - 1)}…`,
  ];
}

/** The centre of the current step, or of the last step taken: what the scrolled view shows first. */
function focusOf(journey, layout) {
  const id = journey.current[0] ?? journey.journeys.at(-1)?.path.at(-1)?.node;
  return id === undefined ? undefined : layout.nodes.get(id);
}

function drawing(graph, journey, ref, titleId, descId) {
  const labels = new Map(journey.shown.nodes.map((n) => [n.id, wrap(nodeLabel(n, ref))]));
  const layout = layeredLayout(
    {
      start: graph.start,
      nodes: journey.shown.nodes.map((n) => ({ id: n.id, width: NODE_WIDTH, height: labels.get(n.id).length * LINE_HEIGHT + 20 })),
      edges: journey.shown.edges.map((e) => ({ id: e.id, from: e.from, to: e.to })),
    },
    { gapY: 54 },
  );
  const markerTaken = newId('fleche');
  const markerOther = newId('fleche');
  const arrow = (id, cls) =>
    s('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, [
      s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: cls }),
    ]);
  // Each label on its edge's first segment, where it overlaps no node and no other label.
  const boxes = [...layout.nodes.values()].map((n) => ({ x: n.x - n.width / 2, y: n.y - n.height / 2, w: n.width, h: n.height }));
  const overlaps = (b) => boxes.some((o) => b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h);
  const labelAt = (text, [a, b]) => {
    const w = text.length * 5.6 + 4;
    const at = (f) => ({ x: a.x + (b.x - a.x) * f - w / 2, y: a.y + (b.y - a.y) * f - 7, w, h: 14 });
    const box = [0.5, 0.3, 0.7, 0.2, 0.8].map(at).find((candidate) => !overlaps(candidate)) ?? at(0.5);
    boxes.push(box);
    return s('text', { x: (box.x + w / 2).toFixed(1), y: (box.y + 11).toFixed(1), 'text-anchor': 'middle' }, text);
  };
  const edges = layout.edges.map((placed) => {
    const edge = journey.shown.edges.find((e) => e.id === placed.id);
    const isTaken = journey.taken.has(edge.id);
    const d = placed.points.map((p, i) => `${i ? 'L' : 'M'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
    // A step's timeout is every dotted edge: the legend says so once.
    const text = edge.conditions.includes('States.Timeout') ? '' : edgeLabel(edge, graph, ref);
    return s(
      'g',
      { class: `transition ${edge.kind}${isTaken ? ' empruntee' : ''}${placed.reversed ? ' retour' : ''}` },
      s('path', { d, 'marker-end': `url(#${isTaken ? markerTaken : markerOther})` }),
      text ? labelAt(text, placed.points) : null,
    );
  });
  const current = new Set(journey.current);
  const focus = focusOf(journey, layout);
  const nodes = journey.shown.nodes.map((n) => {
    const at = layout.nodes.get(n.id);
    const lines = labels.get(n.id);
    const state = current.has(n.id) ? 'en-cours' : journey.visited.has(n.id) ? 'parcouru' : 'a-venir';
    const mark = state === 'en-cours' ? '▶ ' : state === 'parcouru' ? '✓ ' : '';
    const top = at.y - (lines.length * LINE_HEIGHT) / 2 + LINE_HEIGHT - 4;
    return s(
      'g',
      { class: `etat ${n.type} ${state}` },
      s('rect', {
        x: at.x - at.width / 2,
        y: at.y - at.height / 2,
        width: at.width,
        height: at.height,
        rx: n.type === 'fin' || n.type === 'echec' ? at.height / 2 : n.type === 'humain' ? 4 : 10,
      }),
      lines.map((line, i) => s('text', { x: at.x, y: top + i * LINE_HEIGHT, 'text-anchor': 'middle' }, i === 0 ? mark + line : line)),
    );
  });
  return s(
    'svg',
    {
      class: 'graphe-etats',
      role: 'img',
      'aria-labelledby': `${titleId} ${descId}`,
      width: Math.ceil(layout.width),
      height: Math.ceil(layout.height),
      viewBox: `0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`,
      // Where the dossier stands (else its last step): the view scrolls there.
      ...(focus ? { 'data-focus-x': Math.round(focus.x), 'data-focus-y': Math.round(focus.y) } : {}),
    },
    s('defs', {}, arrow(markerTaken, 'pointe empruntee'), arrow(markerOther, 'pointe')),
    s('g', { 'aria-hidden': 'true' }, edges, nodes),
  );
}

/** The steps taken, in order (each execution), then every step of the machine and where it leads. */
function textAlternative(graph, journey, ref) {
  const name = (id) => nodeLabel(graph.nodes.get(id), ref);
  const current = new Set(journey.current);
  const taken = journey.journeys.length
    ? journey.journeys.map((j) =>
        h(
          'div',
          {},
          journey.journeys.length > 1 ? h('h4', {}, `Exécution ${j.execution.generation} (${j.execution.nom})`) : null,
          h(
            'ol',
            { class: 'parcours-etapes' },
            j.path.map((p, i) =>
              h(
                'li',
                {},
                name(p.node),
                ` — ${instant(p.entre)}`,
                current.has(p.node) && i === j.path.length - 1 ? [' ', h('strong', {}, '(étape en cours)')] : null,
              ),
            ),
          ),
        ),
      )
    : h('p', {}, 'Le dossier n’est pas encore entré dans cette phase.');
  const all = h(
    'ul',
    {},
    journey.shown.nodes.map((n) => {
      const out = journey.shown.edges.filter((e) => e.from === n.id);
      return h(
        'li',
        {},
        name(n.id),
        journey.visited.has(n.id) ? (current.has(n.id) ? ' (en cours)' : ' (parcourue)') : '',
        out.length
          ? [
              ' → ',
              out
                .map((e) => {
                  const label = edgeLabel(e, graph, ref);
                  return `${name(e.to)}${label ? ` (${label})` : ''}`;
                })
                .join(' ; '),
            ]
          : ' : fin.',
      );
    }),
  );
  return [
    h('h3', {}, 'Étapes parcourues'),
    taken,
    h('details', {}, h('summary', {}, 'Toutes les étapes de cette phase et leurs suites'), all),
  ];
}

/** The section, filled once the definitions and the path are read (a failure is said, the page stays). */
export function journeySection(dossier, ref) {
  const body = h('div', { class: 'parcours' }, h('p', {}, 'Chargement du parcours…'));
  void load(body, dossier, ref);
  return body;
}

async function load(body, dossier, ref) {
  let parcours;
  let graphs;
  try {
    [parcours, graphs] = await Promise.all([
      api('GET', `/dossiers/${encodeURIComponent(dossier.id)}/parcours`),
      Promise.all(MACHINES.map(async (m) => [m, machineGraph(await definitionOf(m))])).then((list) => new Map(list)),
    ]);
  } catch (error) {
    body.replaceChildren(h('p', { class: 'notice alerte' }, `Le parcours n’a pas pu être lu : ${error.message ?? error}`));
    return;
  }
  const byMachine = new Map(MACHINES.map((m) => [m, parcours.executions.filter((e) => e.machine === m)]));
  const running = parcours.executions.find((e) => e.statut === 'RUNNING') ?? parcours.executions.at(-1);
  let shown = running?.machine ?? MACHINES[0];
  const figure = h('div');
  const buttons = MACHINES.map((m) => {
    const executions = byMachine.get(m);
    const state = executions.some((e) => e.statut === 'RUNNING') ? 'en cours' : executions.length ? 'terminée' : 'pas encore atteinte';
    const button = h(
      'button',
      { type: 'button', class: 'secondaire', 'aria-pressed': String(m === shown) },
      `${MACHINE_TITLES[m]} (${state})`,
    );
    button.addEventListener('click', () => {
      shown = m;
      for (const [i, b] of buttons.entries()) b.setAttribute('aria-pressed', String(MACHINES[i] === shown));
      render();
    });
    return button;
  });
  const render = () => {
    const graph = graphs.get(shown);
    const journey = journeyOn(graph, byMachine.get(shown));
    const titleId = newId('graphe-titre');
    const descId = newId('graphe-desc');
    const here = journey.current.map((id) => nodeLabel(graph.nodes.get(id), ref));
    const summary = here.length
      ? `Étape en cours : ${here.join(', ')}.`
      : byMachine.get(shown).some((e) => e.statut === 'RUNNING')
        ? 'Phase en cours : le dossier passe à l’étape suivante.'
        : journey.journeys.length
          ? `Phase terminée (${journey.visited.size} étapes parcourues).`
          : 'Phase pas encore atteinte.';
    fill(
      figure,
      h('p', { id: titleId, class: 'graphe-titre' }, `Machine à états « ${MACHINE_TITLES[shown]} »`),
      h('p', { id: descId }, summary, ' Le texte qui suit le schéma en donne le détail.'),
      h(
        'div',
        { class: 'graphe-defilement', tabindex: '0', role: 'group', 'aria-label': `Schéma : ${MACHINE_TITLES[shown]} (défilable)` },
        drawing(graph, journey, ref, titleId, descId),
      ),
      h(
        'p',
        { class: 'aide legende-graphe' },
        'Légende : ▶ étape en cours (fond bleu foncé) ; ✓ étape parcourue (fond bleu clair) ; trait épais : transition empruntée ; pointillés : délai de l’étape dépassé (ou enveloppe dépassée) ; tirets : retour en arrière. Cadre à angles droits : tâche d’une personne.',
      ),
      textAlternative(graph, journey, ref),
    );
    // Once laid out in the page: the current step in the middle of the view.
    requestAnimationFrame(() => {
      const view = figure.querySelector('.graphe-defilement');
      const svg = view?.querySelector('svg');
      if (!svg?.dataset.focusX) return;
      view.scrollLeft = Number(svg.dataset.focusX) - view.clientWidth / 2;
      view.scrollTop = Number(svg.dataset.focusY) - view.clientHeight / 2;
    });
  };
  render();
  body.replaceChildren(h('div', { class: 'actions', role: 'group', 'aria-label': 'Phase affichée' }, buttons), figure);
}
