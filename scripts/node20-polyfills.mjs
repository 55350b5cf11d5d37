// Node 20 lacks Map.groupBy (Node 21+), and vitest 5's reporter calls it when it prints a failed test: without
// this, a failure on the CI machine's Node 20 shows as a reporter crash instead of the assertion that failed.
// Loaded with `node --import` by the unit-test script; nothing in the app depends on it.
if (typeof Map.groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    configurable: true,
    writable: true,
    value(items, keyOf) {
      const groups = new Map();
      let i = 0;
      for (const item of items) {
        const key = keyOf(item, i++);
        const group = groups.get(key);
        if (group) group.push(item);
        else groups.set(key, [item]);
      }
      return groups;
    },
  });
}
