/**
 * A layered drawing of a directed graph, top to bottom (the Sugiyama method, kept small):
 * 1. cycles are broken by turning round the edges a depth-first search from the start finds
 *    going back (they are drawn going up);
 * 2. each node's layer is its longest path from the start;
 * 3. an edge crossing several layers gets a virtual point on each, so edges bend around nodes;
 * 4. each layer is ordered by the barycentre of its neighbours, sweeping down and up, and the
 *    order with the fewest crossings is kept;
 * 5. x: each node near the mean of its neighbours, layers pushed apart to their minimal gaps.
 * Pure: no DOM (tested in Node).
 */

/**
 * @param {{ nodes: { id: string, width: number, height: number }[], edges: { id: string, from: string, to: string }[], start: string }} graph
 * @returns {{ width: number, height: number, nodes: Map<string, { x: number, y: number, width: number, height: number, layer: number }>,
 *   edges: { id: string, from: string, to: string, reversed: boolean, points: { x: number, y: number }[] }[] }}
 *   node x, y: the centre; edge points: from the source's bottom (top when reversed) to the target's top.
 */
export function layeredLayout(graph, { gapX = 28, gapY = 46, margin = 16, sweeps = 12 } = {}) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const out = new Map(graph.nodes.map((n) => [n.id, []]));
  for (const e of graph.edges) if (e.from !== e.to) out.get(e.from)?.push(e);

  // 1. Depth-first from the start (then from any node left), in the edges' order: back edges turn round.
  const order = new Map();
  const reversed = new Set();
  const state = new Map();
  const visit = (root) => {
    const stack = [[root, 0]];
    state.set(root, 'open');
    order.set(root, order.size);
    while (stack.length) {
      const top = stack.at(-1);
      const edge = out.get(top[0])[top[1]++];
      if (!edge) {
        state.set(top[0], 'done');
        stack.pop();
        continue;
      }
      const seen = state.get(edge.to);
      if (seen === 'open') reversed.add(edge.id);
      else if (seen === undefined && byId.has(edge.to)) {
        state.set(edge.to, 'open');
        order.set(edge.to, order.size);
        stack.push([edge.to, 0]);
      }
    }
  };
  if (byId.has(graph.start)) visit(graph.start);
  for (const n of graph.nodes) if (!state.has(n.id)) visit(n.id);
  const dag = graph.edges
    .filter((e) => e.from !== e.to && byId.has(e.from) && byId.has(e.to))
    .map((e) => (reversed.has(e.id) ? { ...e, from: e.to, to: e.from, reversed: true } : { ...e, reversed: false }));

  // 2. Layers: longest path, in topological order.
  const layer = new Map(graph.nodes.map((n) => [n.id, 0]));
  const indegree = new Map(graph.nodes.map((n) => [n.id, 0]));
  for (const e of dag) indegree.set(e.to, indegree.get(e.to) + 1);
  const ready = graph.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  while (ready.length) {
    const id = ready.shift();
    for (const e of dag.filter((x) => x.from === id)) {
      layer.set(e.to, Math.max(layer.get(e.to), layer.get(id) + 1));
      indegree.set(e.to, indegree.get(e.to) - 1);
      if (indegree.get(e.to) === 0) ready.push(e.to);
    }
  }

  // 3. Virtual points on the layers a long edge crosses.
  const items = new Map(graph.nodes.map((n) => [n.id, { id: n.id, width: n.width, height: n.height, layer: layer.get(n.id) }]));
  const links = [];
  const chains = new Map();
  for (const e of dag) {
    const chain = [e.from];
    for (let l = layer.get(e.from) + 1; l < layer.get(e.to); l++) {
      const id = `${e.id}#${l}`;
      items.set(id, { id, width: 0, height: 0, layer: l, virtual: true });
      chain.push(id);
    }
    chain.push(e.to);
    for (let i = 1; i < chain.length; i++) links.push([chain[i - 1], chain[i]]);
    chains.set(e.id, chain);
  }
  const layers = [];
  for (const item of [...items.values()].sort((a, b) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity))) {
    (layers[item.layer] ??= []).push(item.id);
  }
  for (let l = 0; l < layers.length; l++) layers[l] ??= [];
  const up = new Map([...items.keys()].map((id) => [id, []]));
  const down = new Map([...items.keys()].map((id) => [id, []]));
  for (const [a, b] of links) {
    down.get(a).push(b);
    up.get(b).push(a);
  }

  // 4. Order within layers: barycentre sweeps, fewest crossings kept.
  const position = new Map();
  const index = () => {
    for (const row of layers) for (const [i, id] of row.entries()) position.set(id, i);
  };
  const crossings = () => {
    let count = 0;
    for (let l = 1; l < layers.length; l++) {
      const pairs = layers[l].flatMap((id) => up.get(id).map((u) => [position.get(u), position.get(id)]));
      for (let i = 0; i < pairs.length; i++)
        for (let j = i + 1; j < pairs.length; j++) if ((pairs[i][0] - pairs[j][0]) * (pairs[i][1] - pairs[j][1]) < 0) count++;
    }
    return count;
  };
  const sortBy = (row, neighbours) => {
    const key = new Map(
      row.map((id) => {
        const ns = neighbours.get(id);
        return [id, ns.length ? ns.reduce((s, n) => s + position.get(n), 0) / ns.length : position.get(id)];
      }),
    );
    row.sort((a, b) => key.get(a) - key.get(b));
    for (const [i, id] of row.entries()) position.set(id, i);
  };
  index();
  let best = { count: crossings(), layers: layers.map((row) => [...row]) };
  for (let s = 0; s < sweeps && best.count > 0; s++) {
    if (s % 2 === 0) for (let l = 1; l < layers.length; l++) sortBy(layers[l], up);
    else for (let l = layers.length - 2; l >= 0; l--) sortBy(layers[l], down);
    const count = crossings();
    if (count < best.count) best = { count, layers: layers.map((row) => [...row]) };
  }
  layers.splice(0, layers.length, ...best.layers);
  index();

  // 5. x: near the mean of the neighbours, pushed apart; y: the layers' rows.
  const x = new Map();
  const half = (id) => items.get(id).width / 2;
  const gap = (a, b) => half(a) + half(b) + (items.get(a).virtual && items.get(b).virtual ? gapX / 2 : gapX);
  for (const row of layers) {
    let at = 0;
    row.forEach((id, i) => {
      if (i > 0) at += gap(row[i - 1], id);
      x.set(id, at);
    });
  }
  const place = (row, neighbours) => {
    const wanted = row.map((id) => {
      const ns = neighbours.get(id);
      return ns.length ? ns.reduce((s, n) => s + x.get(n), 0) / ns.length : x.get(id);
    });
    const left = [...wanted];
    for (let i = 1; i < row.length; i++) left[i] = Math.max(left[i], left[i - 1] + gap(row[i - 1], row[i]));
    const right = [...wanted];
    for (let i = row.length - 2; i >= 0; i--) right[i] = Math.min(right[i], right[i + 1] - gap(row[i], row[i + 1]));
    for (const [i, id] of row.entries()) x.set(id, (left[i] + right[i]) / 2);
    for (let i = 1; i < row.length; i++) x.set(row[i], Math.max(x.get(row[i]), x.get(row[i - 1]) + gap(row[i - 1], row[i])));
  };
  for (let s = 0; s < 8; s++) {
    if (s % 2 === 0) for (let l = 1; l < layers.length; l++) place(layers[l], up);
    else for (let l = layers.length - 2; l >= 0; l--) place(layers[l], down);
  }
  const minX = Math.min(...[...x].map(([id, v]) => v - half(id)));
  const maxX = Math.max(...[...x].map(([id, v]) => v + half(id)));
  const rowHeight = layers.map((row) => Math.max(0, ...row.map((id) => items.get(id).height)));
  const rowY = [];
  let y = margin;
  for (let l = 0; l < layers.length; l++) {
    rowY[l] = y + rowHeight[l] / 2;
    y += rowHeight[l] + gapY;
  }

  const nodes = new Map(
    graph.nodes.map((n) => {
      const item = items.get(n.id);
      return [n.id, { x: x.get(n.id) - minX + margin, y: rowY[item.layer], width: n.width, height: n.height, layer: item.layer }];
    }),
  );
  const point = (id, side) => {
    const item = items.get(id);
    return { x: x.get(id) - minX + margin, y: rowY[item.layer] + (side * item.height) / 2 };
  };
  const edges = dag.map((e) => {
    const chain = chains.get(e.id);
    const points = chain.map((id, i) => point(id, i === 0 ? 1 : i === chain.length - 1 ? -1 : 0));
    const original = graph.edges.find((g) => g.id === e.id);
    return { id: e.id, from: original.from, to: original.to, reversed: e.reversed, points: e.reversed ? points.reverse() : points };
  });
  return { width: maxX - minX + 2 * margin, height: y - gapY + margin, nodes, edges };
}
