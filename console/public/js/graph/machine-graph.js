/**
 * A state machine's definition (Amazon States Language, the very file the engine runs) as the
 * graph a person reads: a node per state, an edge per transition (Next, each Choice rule and its
 * Default, each Catch). Three simplifications leave the flow as it is:
 * - a human step is one node: the plan state before its callback (`.waitForTaskToken`: the state
 *   that only computes the step's deadline) and the Choice routing its decisions are drawn as the
 *   step itself, whose outgoing edges are its decisions;
 * - a Fail state reached only as a Choice's Default (a defensive dead end) is left out, unless
 *   the execution went there;
 * - the entry Choice's edges to a resume point (a hand-over, an escalation) are drawn only when taken.
 */
const CALLBACK = /\.waitForTaskToken$/;

/** What a Choice rule compares, and whether it routes a decision or a resume point. */
function ruleCondition(rule) {
  if (rule.Not?.IsPresent === true) return { condition: 'start', kind: 'suite' };
  const variable = String(rule.Variable ?? '');
  if (typeof rule.StringEquals === 'string') {
    if (variable.endsWith('.decision.decision')) return { condition: rule.StringEquals, kind: 'decision' };
    if (variable === '$.resumeAt') return { condition: rule.StringEquals, kind: 'reprise' };
    return { condition: rule.StringEquals, kind: 'choix' };
  }
  if (rule.BooleanEquals === true) return { condition: variable.split('.').pop(), kind: 'choix' };
  return { condition: 'default', kind: 'choix' };
}

/** Every transition of a state, as written. */
function transitions(name, state) {
  const out = [];
  if (state.Next) out.push({ from: name, to: state.Next, kind: 'suite' });
  for (const rule of state.Choices ?? []) out.push({ from: name, to: rule.Next, ...ruleCondition(rule) });
  if (state.Default) out.push({ from: name, to: state.Default, kind: 'choix', condition: 'default' });
  for (const c of state.Catch ?? []) out.push({ from: name, to: c.Next, kind: 'erreur', condition: c.ErrorEquals?.[0] ?? 'States.ALL' });
  return out;
}

function nodeType(state) {
  if (state.Type === 'Task') return CALLBACK.test(state.Resource ?? '') ? 'humain' : 'action';
  return { Choice: 'choix', Succeed: 'fin', Fail: 'echec', Pass: 'passage', Wait: 'attente' }[state.Type] ?? 'action';
}

/**
 * The graph of a definition: `nodes` (id = the state drawn: a human step's callback state),
 * `edges` ({ id, from, to, kind, conditions }), `nodeOf` (every state name → its node), `start`.
 */
export function machineGraph(definition) {
  const states = definition.States;
  const raw = Object.entries(states).flatMap(([name, state]) => transitions(name, state));
  const incoming = (name) => raw.filter((e) => e.to === name);
  const nodeOf = new Map(Object.keys(states).map((name) => [name, name]));
  const steps = new Map();
  for (const [name, state] of Object.entries(states)) {
    if (nodeType(state) !== 'humain') continue;
    for (const before of incoming(name)) {
      const plan = states[before.from];
      const step = plan?.Parameters?.Payload?.step;
      if (plan?.Type === 'Task' && plan.Next === name && !plan.Catch && typeof step === 'string') {
        nodeOf.set(before.from, name);
        steps.set(name, step);
      }
    }
    // Planned by the action before it (workflows/README.md, « Fewer transitions »): the callback names its step.
    if (!steps.has(name) && typeof state.Parameters?.Payload?.step === 'string') steps.set(name, state.Parameters.Payload.step);
    const routing = states[state.Next];
    if (routing?.Type === 'Choice' && incoming(state.Next).every((e) => e.from === name)) nodeOf.set(state.Next, name);
  }
  const nodes = new Map();
  for (const [name, state] of Object.entries(states)) {
    if (nodeOf.get(name) !== name) continue;
    nodes.set(name, {
      id: name,
      type: nodeType(state),
      ...(steps.has(name) ? { step: steps.get(name) } : {}),
      states: [...nodeOf].filter(([, node]) => node === name).map(([s]) => s),
      /** A defensive dead end: drawn only when an execution went there. */
      defensive: state.Type === 'Fail' && incoming(name).every((e) => e.condition === 'default'),
    });
  }
  const edges = [];
  for (const e of raw) {
    const from = nodeOf.get(e.from);
    const to = nodeOf.get(e.to);
    if (from === to) continue; // inside a human step (plan → callback → its routing)
    const same = edges.find((x) => x.from === from && x.to === to && x.kind === e.kind);
    if (same) {
      if (e.condition && !same.conditions.includes(e.condition)) same.conditions.push(e.condition);
      continue;
    }
    edges.push({ id: `${from}→${to}:${e.kind}`, from, to, kind: e.kind, conditions: e.condition ? [e.condition] : [] });
  }
  return { start: nodeOf.get(definition.StartAt), nodes, edges, nodeOf };
}

/** The nodes an execution went through, in order, each with when it was entered and left. */
function pathOf(graph, execution) {
  const path = [];
  for (const state of execution.etats ?? []) {
    const node = graph.nodeOf.get(state.nom);
    if (node === undefined) continue;
    if (path.at(-1)?.node === node) path.at(-1).sorti = state.sorti;
    else path.push({ node, entre: state.entre, sorti: state.sorti });
  }
  return path;
}

/**
 * What the executions of a machine did on its graph (several after hand-overs): each one's path
 * (the nodes in order), the nodes visited, the edges taken, where a running one stands
 * (`current`: the states entered and not left), and what to draw (`shown`).
 */
export function journeyOn(graph, executions) {
  const journeys = executions.map((execution) => ({ execution, path: pathOf(graph, execution) }));
  const visited = new Set(journeys.flatMap((j) => j.path.map((p) => p.node)));
  const taken = new Set();
  for (const { path } of journeys) {
    for (let i = 1; i < path.length; i++) {
      const edge = graph.edges.find((e) => e.from === path[i - 1].node && e.to === path[i].node);
      if (edge) taken.add(edge.id);
    }
  }
  const current = [
    ...new Set(
      executions.filter((e) => e.statut === 'RUNNING').flatMap((e) => e.etats.filter((s) => !s.sorti).map((s) => graph.nodeOf.get(s.nom))),
    ),
  ].filter((id) => id !== undefined);
  const nodes = [...graph.nodes.values()].filter((n) => !n.defensive || visited.has(n.id));
  const ids = new Set(nodes.map((n) => n.id));
  const edges = graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to) && (e.kind !== 'reprise' || taken.has(e.id)));
  return { journeys, visited, taken, current, shown: { nodes, edges } };
}
