'use strict';

/*
 * Measures Koncorde on the data set written by generate.js, with the protocol io.kvx.bench.filters.FilterBench uses
 * for KVX's FilterEngine (bench/filters.sh runs both):
 *
 *   node --expose-gc driver.js --data DIR --out FILE [--check DIR] [--scenarios a,b] [--warmup S] [--measure S]
 *     [--min-passes N] [--cap S] [--attempts N] [--max-other-cores C]
 *
 * Per scenario: untimed registrations of the set's filters into throwaway engines, for --warmup seconds and at least
 * the first 10,000 filters (JIT warm-up, as for matching), then the timed registration of the whole set into a fresh
 * engine. Matching: documents in file order, round and round, for --warmup seconds; then, from the first document
 * again, timed until both --min-passes passes and --measure seconds are done, or --cap seconds have passed (an
 * engine slower than that is timed on part of a pass). With --check, one more pass writes, per document, the line
 * numbers of the filters it matched to DIR/koncorde-<scenario>.txt and gives the total number of matches over the
 * documents. A timed registration or sweep during which other processes kept more than --max-other-cores busy is run
 * again, up to --attempts times in all, and the least disturbed run counts. Before the scenarios, the heap taken by the 100,000 equals filters is
 * measured.
 */

const fs = require('fs');
const os = require('os');
const path = require('path');
const { Koncorde } = require('koncorde');

const KONCORDE_VERSION = require('koncorde/package.json').version;
/** Kuzzle registers filters in the index "<index>/<collection>"; the name plays no part in the timing. */
const INDEX = 'bench/items';
/** Kuzzle's default limits.subscriptionConditionsCount, the limit KVX applies. */
const MAX_CONDITIONS = 100;
const HEAP_SCENARIO = 'equals-100k';
/** Filters registered into throwaway engines before the timed registration, at least, to warm the JIT up. */
const WARMUP_FILTERS = 10000;
/** Documents tested between two looks at the clock. */
const CLOCK_EVERY = 16;

/** Flags whose value is a number. */
const NUMBERS = ['warmup', 'measure', 'min-passes', 'cap', 'attempts', 'max-other-cores'];

function options(argv) {
  const parsed = {
    data: null, out: null, check: null, scenarios: null, warmup: 3, measure: 5, 'min-passes': 3, cap: 30, attempts: 3,
    'max-other-cores': 0.25,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in parsed) || argv[i + 1] === undefined) {
      throw new Error(`unknown or incomplete argument ${argv[i]}`);
    }
    parsed[name] = NUMBERS.includes(name) ? Number(argv[i + 1]) : argv[i + 1];
  }
  if (!parsed.data || !parsed.out) {
    throw new Error('usage: node --expose-gc driver.js --data DIR --out FILE [--check DIR] [--scenarios a,b] ...');
  }
  return parsed;
}

function readLines(file) {
  return fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0);
}

function seconds(start) {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function newEngine() {
  return new Koncorde({ maxConditions: MAX_CONDITIONS });
}

/** Registers every filter; a rejected filter leaves null in its slot and is counted. */
function registerAll(engine, filters) {
  const ids = new Array(filters.length);
  let rejected = 0;
  let firstError = null;
  for (let i = 0; i < filters.length; i++) {
    try {
      ids[i] = engine.register(filters[i], INDEX);
    } catch (error) {
      ids[i] = null;
      rejected++;
      firstError = firstError || `line ${i + 1}: ${error.message}`;
    }
  }
  return { ids, rejected, firstError };
}

/** Busy CPU seconds of the whole machine, all cores. */
function machineBusySeconds() {
  return os.cpus().reduce((sum, cpu) => sum + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq, 0)
    / 1000;
}

/** CPU seconds of this process. */
function ownSeconds() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Starts counting; the returned function gives the cores other processes kept busy since. */
function cpuProbe() {
  const machine = machineBusySeconds();
  const own = ownSeconds();
  const start = process.hrtime.bigint();
  return () => Math.max(0, (machineBusySeconds() - machine - (ownSeconds() - own)) / seconds(start));
}

/**
 * Runs a measurement again while other processes kept more than --max-other-cores busy during it, up to --attempts
 * times, and keeps the least disturbed one.
 */
function leastDisturbed(settings, measurement) {
  let best = measurement();
  for (let attempt = 1; attempt < settings.attempts && best.otherCores > settings['max-other-cores']; attempt++) {
    const next = measurement();
    if (next.otherCores < best.otherCores) {
      best = next;
    }
  }
  return best;
}

/** Tests documents in order, from the first one again after the last, until `done(tested, seconds)` says stop. */
function sweep(engine, documents, done) {
  const others = cpuProbe();
  const start = process.hrtime.bigint();
  let tested = 0;
  let matches = 0;
  for (;;) {
    for (let i = 0; i < CLOCK_EVERY; i++) {
      matches += engine.test(documents[tested % documents.length], INDEX).length;
      tested++;
    }
    const elapsed = seconds(start);
    if (done(tested, elapsed)) {
      return { tested, matchSeconds: elapsed, testedMatches: matches, otherCores: others() };
    }
  }
}

function measureMatching(engine, documents, settings) {
  sweep(engine, documents, (tested, elapsed) => elapsed >= settings.warmup);
  const wanted = settings['min-passes'] * documents.length;
  return leastDisturbed(settings, () => sweep(engine, documents,
    (tested, elapsed) => (tested >= wanted && elapsed >= settings.measure) || elapsed >= settings.cap));
}

/**
 * Registers the filters, from the first one again after the last (each pass into a new engine), until at least
 * WARMUP_FILTERS are registered and warmupSeconds have passed.
 */
function warmRegistration(lines, warmupSeconds) {
  const filters = lines.map((line) => JSON.parse(line));
  const start = process.hrtime.bigint();
  let engine = null;
  for (let n = 0; filters.length > 0 && (n < WARMUP_FILTERS || seconds(start) < warmupSeconds); n++) {
    const i = n % filters.length;
    engine = i === 0 ? newEngine() : engine;
    try {
      engine.register(filters[i], INDEX);
    } catch (error) {
      // Counted by the timed registration.
    }
  }
}

/** Registers the filters, parsed beforehand, into a fresh engine; the registration alone is timed. */
function timedRegistration(lines) {
  const filters = lines.map((line) => JSON.parse(line));
  global.gc();
  const engine = newEngine();
  const others = cpuProbe();
  const start = process.hrtime.bigint();
  const registration = registerAll(engine, filters);
  return { ...registration, engine, registerSeconds: seconds(start), otherCores: others() };
}

/**
 * One pass over the documents for the cross-check: writes one line per document, the sorted line numbers (0-based)
 * of the filters it matched, and returns the total number of matches.
 */
function checkMatches(engine, ids, documents, file) {
  const lineOf = new Map();
  ids.forEach((id, line) => {
    if (id !== null && !lineOf.has(id)) {
      lineOf.set(id, line);
    }
  });
  let total = 0;
  const lines = documents.map((document) => {
    const matched = engine.test(document, INDEX).map((id) => lineOf.get(id)).sort((a, b) => a - b);
    total += matched.length;
    return matched.join(' ');
  });
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return total;
}

function runScenario(scenario, data, documents, settings) {
  const lines = readLines(path.join(data, scenario.file));
  warmRegistration(lines, settings.warmup);
  const registration = leastDisturbed(settings, () => timedRegistration(lines));
  const { engine, registerSeconds } = registration;
  const matching = measureMatching(engine, documents, settings);
  const checkFile = settings.check && path.join(settings.check, `koncorde-${scenario.name}.txt`);
  const result = {
    name: scenario.name,
    kind: scenario.kind,
    filters: lines.length,
    registered: new Set(registration.ids.filter((id) => id !== null)).size,
    rejected: registration.rejected,
    firstError: registration.firstError,
    registerSeconds,
    registerOtherCores: registration.otherCores,
    ...matching,
    documents: documents.length,
    totalMatches: checkFile ? checkMatches(engine, registration.ids, documents, checkFile) : -1,
  };
  console.log(`koncorde ${scenario.name}: ${Math.round(lines.length / registerSeconds)} filters/s, `
    + `${Math.round(matching.tested / matching.matchSeconds)} documents/s`
    + (checkFile ? `, ${result.totalMatches} matches over the ${documents.length} documents` : ''));
  return result;
}

function settledHeap() {
  for (let i = 0; i < 5; i++) {
    global.gc();
  }
  return process.memoryUsage().heapUsed;
}

/** Heap growth per filter while registering the filters of one scenario, parsed one at a time and then dropped. */
function heapPerFilter(scenario, data) {
  const lines = readLines(path.join(data, scenario.file));
  const before = settledHeap();
  const engine = newEngine();
  for (const line of lines) {
    engine.register(JSON.parse(line), INDEX);
  }
  const after = settledHeap();
  const held = engine.getFilterIds(INDEX).length;
  return { scenario: scenario.name, filters: held, bytesPerFilter: (after - before) / held };
}

function main() {
  if (typeof global.gc !== 'function') {
    throw new Error('run node with --expose-gc');
  }
  const settings = options(process.argv.slice(2));
  const manifest = JSON.parse(fs.readFileSync(path.join(settings.data, 'manifest.json'), 'utf8'));
  const wanted = settings.scenarios ? settings.scenarios.split(',') : null;
  const scenarios = manifest.scenarios.filter((scenario) => !wanted || wanted.includes(scenario.name));
  const heapScenario = manifest.scenarios.find((scenario) => scenario.name === HEAP_SCENARIO);
  const heap = heapPerFilter(heapScenario, settings.data);
  console.log(`koncorde heap: ${Math.round(heap.bytesPerFilter)} bytes per filter (${heap.scenario})`);
  const documents = readLines(path.join(settings.data, manifest.documentsFile)).map((line) => JSON.parse(line));
  if (settings.check) {
    fs.mkdirSync(settings.check, { recursive: true });
  }
  const results = scenarios.map((scenario) => runScenario(scenario, settings.data, documents, settings));
  const report = {
    engine: 'koncorde',
    version: KONCORDE_VERSION,
    runtime: `node ${process.version}`,
    seed: manifest.seed,
    heap,
    scenarios: results,
  };
  fs.writeFileSync(settings.out, JSON.stringify(report, null, 2) + '\n');
}

main();
