/**
 * A pure function whose results are remembered by argument: for the few hundred values a process
 * asks for over and over (the emails' dates, the templates' words, Paris's hours). All are
 * forgotten at once past `bound` entries, so that an unusual run (a long time travel, a scan over
 * years) cannot make the map grow without end.
 */
export function memoized<K, V>(bound: number, compute: (key: K) => V): (key: K) => V {
  const values = new Map<K, V>();
  return (key) => {
    let value = values.get(key);
    if (value === undefined) {
      value = compute(key);
      if (values.size >= bound) values.clear();
      values.set(key, value);
    }
    return value;
  };
}
