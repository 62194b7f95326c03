'use strict';

/*
 * Writes the seeded data set of the realtime filter benchmark (bench/filters.sh): one file of documents and one file
 * of filters per scenario, read by both engines, so that KVX and Koncorde test exactly the same filters on exactly
 * the same documents.
 *
 *   node generate.js [--out DIR] [--seed N] [--documents N]
 *
 * Output, in DIR (default bench/target/filters-data):
 *   documents.jsonl           one document per line
 *   filters-<scenario>.jsonl  one filter per line, all distinct
 *   manifest.json             seed, document count, and each scenario's name, kind, file and filter count
 *
 * Value spaces are chosen so that a document matches a small but non-zero number of filters: about 1 per document
 * with 10,000 filters and about 10 with 100,000 (matches grow with the number of subscriptions, as they would on a
 * real server).
 */

const fs = require('fs');
const path = require('path');

const SIZES = [10000, 100000];
/** Distinct values of each keyed field in documents; equals filters draw from the same space. */
const KEY_SPACE = 12000;
/** Keys of the attrs object and values of the tags array, in documents and in exists filters. */
const ATTR_SPACE = 60000;
const CATEGORIES = 200;
const STATUSES = [['active', 0.5], ['pending', 0.2], ['suspended', 0.15], ['closed', 0.15]];
/** The documents' area (about 667 km by 620 km) and its busy spots. */
const AREA = { south: 43, north: 49, west: -1, east: 7 };
const HOTSPOTS = 40;
const HOTSPOT_SPREAD = 0.15;
/** Numeric fields of range filters, with their domain in documents. */
const NUMBERS = {
  price: { min: 0, max: 10000, decimals: 2 },
  score: { min: 0, max: 1000000, decimals: 0 },
  temperature: { min: -50, max: 50, decimals: 2 },
};
/** Keyed fields: a string with a prefix, or a number. Only the string ones may appear in an `in` filter. */
const KEYED = [
  { path: 'user', prefix: 'u' },
  { path: 'city', prefix: 'city-' },
  { path: 'sku', prefix: 'sku-' },
  { path: 'brand', prefix: 'b' },
  { path: 'device.model', prefix: 'm' },
  { path: 'team', prefix: 't' },
  { path: 'campaign', prefix: 'cp' },
  { path: 'address.street', prefix: 'st' },
  { path: 'address.zip' },
  { path: 'order' },
];
const KEYED_STRINGS = KEYED.filter((field) => field.prefix);

/** Marsaglia's xorshift32: small, fast and the same on every platform; one stream per purpose. */
function stream(seed, name) {
  let state = seed >>> 0 || 1;
  for (const char of name) {
    state = Math.imul(state ^ char.charCodeAt(0), 0x01000193) >>> 0;
  }
  state = state || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  const random = {
    next,
    int: (bound) => Math.floor(next() * bound),
    between: (low, high) => low + next() * (high - low),
    chance: (p) => next() < p,
    pick: (values) => values[Math.floor(next() * values.length)],
    gaussian: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    weighted: (pairs) => {
      let draw = next();
      for (const [value, weight] of pairs) {
        draw -= weight;
        if (draw < 0) {
          return value;
        }
      }
      return pairs[pairs.length - 1][0];
    },
  };
  return random;
}

function round(value, decimals) {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

function keyedValue(field, n) {
  return field.prefix ? field.prefix + n : n;
}

function setPath(target, dotted, value) {
  const parts = dotted.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] = node[part] || {};
    node = node[part];
  }
  node[parts[parts.length - 1]] = value;
}

const GEOHASH_ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';

function geohash(lat, lon, precision) {
  const bounds = { lat: [-90, 90], lon: [-180, 180] };
  let hash = '';
  let bits = 0;
  let code = 0;
  let lonTurn = true;
  while (hash.length < precision) {
    const axis = lonTurn ? 'lon' : 'lat';
    const value = lonTurn ? lon : lat;
    const middle = (bounds[axis][0] + bounds[axis][1]) / 2;
    code <<= 1;
    if (value >= middle) {
      code |= 1;
      bounds[axis][0] = middle;
    } else {
      bounds[axis][1] = middle;
    }
    lonTurn = !lonTurn;
    if (++bits === 5) {
      hash += GEOHASH_ALPHABET[code];
      bits = 0;
      code = 0;
    }
  }
  return hash;
}

function anywhere(random) {
  return [round(random.between(AREA.south, AREA.north), 6), round(random.between(AREA.west, AREA.east), 6)];
}

/** A point of the area: near one of the busy spots most of the time, anywhere otherwise. */
function point(random, hotspots) {
  if (!random.chance(0.7)) {
    return anywhere(random);
  }
  const spot = random.pick(hotspots);
  const lat = Math.min(AREA.north, Math.max(AREA.south, spot[0] + random.gaussian() * HOTSPOT_SPREAD));
  const lon = Math.min(AREA.east, Math.max(AREA.west, spot[1] + random.gaussian() * HOTSPOT_SPREAD * 1.4));
  return [round(lat, 6), round(lon, 6)];
}

/** A geopoint written in one of the forms Koncorde accepts, as clients do. */
function geopoint(random, [lat, lon]) {
  const form = random.next();
  if (form < 0.4) {
    return { lat, lon };
  }
  if (form < 0.6) {
    return [lat, lon];
  }
  if (form < 0.8) {
    return `${lat}, ${lon}`;
  }
  if (form < 0.9) {
    return { latLon: [lat, lon] };
  }
  return geohash(lat, lon, 10);
}

function numberValue(random, spec) {
  return round(random.between(spec.min, spec.max), spec.decimals);
}

function document(random, hotspots) {
  const doc = { status: random.weighted(STATUSES), category: categoryName(random) };
  for (const field of KEYED) {
    if (!random.chance(0.02)) {
      setPath(doc, field.path, keyedValue(field, random.int(KEY_SPACE)));
    }
  }
  quirks(random, doc);
  for (const [name, spec] of Object.entries(NUMBERS)) {
    if (!random.chance(0.03)) {
      doc[name] = numberValue(random, spec);
    }
  }
  if (random.chance(0.02)) {
    doc.price = String(doc.price);
  }
  if (!random.chance(0.03)) {
    doc.location = geopoint(random, point(random, hotspots));
  }
  doc.attrs = {};
  for (let i = 3 + random.int(6); i > 0; i--) {
    doc.attrs[`k${random.int(ATTR_SPACE)}`] = random.pick([true, 1, 'x', 2.5, null]);
  }
  doc.tags = [...new Set(Array.from({ length: 2 + random.int(5) }, () => `g${random.int(ATTR_SPACE)}`))];
  if (random.chance(0.1)) {
    doc.vip = true;
  }
  return doc;
}

/** Values of the wrong type or shape, which strict matching must not confuse with the right ones. */
function quirks(random, doc) {
  if (doc.address && doc.address.zip !== undefined && random.chance(0.03)) {
    doc.address.zip = String(doc.address.zip);
  }
  if (doc.order !== undefined && random.chance(0.01)) {
    doc.order = [doc.order];
  }
}

/** Draws filters until `count` distinct ones (by key) are found. */
function distinct(count, draw) {
  const seen = new Set();
  const filters = [];
  while (filters.length < count) {
    const [key, filter] = draw();
    if (!seen.has(key)) {
      seen.add(key);
      filters.push(filter);
    }
  }
  return filters;
}

function equalsFilter(random) {
  const field = random.pick(KEYED);
  const value = keyedValue(field, random.int(KEY_SPACE));
  return [`${field.path}=${value}`, { equals: { [field.path]: value } }];
}

function inFilter(random) {
  const field = random.pick(KEYED_STRINGS);
  const draw = () => field.prefix + random.int(2 * KEY_SPACE);
  const values = [...new Set(Array.from({ length: 2 + random.int(3) }, draw))];
  return [`${field.path}:${[...values].sort().join(',')}`, { in: { [field.path]: values } }];
}

function existsFilter(random) {
  const n = random.int(ATTR_SPACE);
  const field = random.chance(0.5) ? `attrs.k${n}` : `tags["g${n}"]`;
  return [field, { exists: random.chance(0.1) ? { field } : field }];
}

/**
 * Bounds of a range over `fraction` of the field's domain on average: mostly two bounds, sometimes one (then near an
 * end of the domain). Bounds have the documents' precision, so that documents fall on them and gt/gte matter.
 */
function rangeBounds(random, spec, fraction) {
  const span = spec.max - spec.min;
  const width = random.next() * 2 * fraction * span;
  const shape = random.next();
  if (shape < 0.05) {
    return { gt: round(spec.max - width, spec.decimals) };
  }
  if (shape < 0.1) {
    return { lt: round(spec.min + width, spec.decimals) };
  }
  const low = round(random.between(spec.min - width / 2, spec.max - width / 2), spec.decimals);
  const high = round(low + width + 10 ** -spec.decimals, spec.decimals);
  return { [random.chance(0.6) ? 'gte' : 'gt']: low, [random.chance(0.6) ? 'lt' : 'lte']: high };
}

function range(random, name, fraction) {
  const bounds = rangeBounds(random, NUMBERS[name], fraction);
  return [`${name}${JSON.stringify(bounds)}`, { range: { [name]: bounds } }];
}

function rangeFilter(random) {
  return range(random, random.pick(Object.keys(NUMBERS)), 1e-4);
}

/** A distance as a string with a unit, in kilometres, metres or miles (Koncorde takes no bare number here). */
function distance(random) {
  const km = random.between(0.3, 4);
  const form = random.next();
  if (form < 0.5) {
    return `${round(km, 3)}${random.chance(0.5) ? ' km' : 'km'}`;
  }
  if (form < 0.9) {
    return `${Math.round(km * 1000)}${random.chance(0.5) ? ' m' : 'm'}`;
  }
  return `${round(km / 1.609344, 3)} mi`;
}

function geoDistanceFilter(random, hotspots) {
  const filter = { geoDistance: { location: geopoint(random, point(random, hotspots)), distance: distance(random) } };
  return [JSON.stringify(filter), filter];
}

function geoBoundingBoxFilter(random, hotspots) {
  const [lat, lon] = point(random, hotspots);
  const halfHeight = random.between(0.003, 0.03);
  const halfWidth = random.between(0.004, 0.04);
  const top = round(lat + halfHeight, 6);
  const bottom = round(lat - halfHeight, 6);
  const left = round(lon - halfWidth, 6);
  const right = round(lon + halfWidth, 6);
  const form = random.next();
  let box;
  if (form < 0.4) {
    box = { top, left, bottom, right };
  } else if (form < 0.7) {
    box = { topLeft: { lat: top, lon: left }, bottomRight: { lat: bottom, lon: right } };
  } else if (form < 0.9) {
    box = { top_left: `${top}, ${left}`, bottom_right: `${bottom}, ${right}` };
  } else {
    box = { topLeft: [top, left], bottomRight: [bottom, right] };
  }
  const filter = { geoBoundingBox: { location: box } };
  return [`${top},${left},${bottom},${right}`, filter];
}

/**
 * and(equals, range): mostly a category (0.5 % of documents) with a range over 2 % of a field's domain, otherwise a
 * selective keyed field with a range over 20 % of the prices.
 */
function andFilter(random) {
  const byCategory = random.chance(0.7);
  const [equalsKey, equals] = byCategory ? categoryFilter(random) : equalsFilter(random);
  const [rangeKey, bounds] = byCategory
    ? range(random, random.pick(Object.keys(NUMBERS)), 0.02)
    : range(random, 'price', 0.2);
  const clauses = random.chance(0.5) ? [equals, bounds] : [bounds, equals];
  return [`${equalsKey}&${rangeKey}`, { and: clauses }];
}

function categoryName(random) {
  return `cat-${random.int(CATEGORIES)}`;
}

function categoryFilter(random) {
  const value = categoryName(random);
  return [`category=${value}`, { equals: { category: value } }];
}

/** bool filters of three shapes, mixing must, should, must_not and should_not; one in three has a negation. */
function boolFilter(random) {
  const shape = random.next();
  let bool;
  if (shape < 0.4) {
    bool = {
      must: [categoryFilter(random)[1]],
      should: [range(random, 'score', 0.04)[1], { exists: `attrs.k${random.int(ATTR_SPACE)}` }],
    };
  } else if (shape < 0.7) {
    const categories = [...new Set([categoryName(random), categoryName(random)])];
    bool = {
      must: [{ in: { category: categories } }, range(random, 'price', 0.01)[1]],
      should: [{ exists: 'vip' }, { equals: { status: 'pending' } }],
    };
  } else {
    bool = {
      must: [equalsFilter(random)[1]],
      must_not: [{ equals: { status: 'closed' } }],
      should_not: [{ exists: 'vip' }],
    };
  }
  const filter = { bool };
  return [JSON.stringify(filter), filter];
}

/** and(equals, range) whose equals matches half of the documents and whose range is narrow. */
function compoundBroadFilter(random) {
  const [key, bounds] = range(random, 'score', 1e-4);
  return [key, { and: [{ equals: { status: 'active' } }, bounds] }];
}

const KINDS = {
  equals: equalsFilter,
  in: inFilter,
  exists: existsFilter,
  range: rangeFilter,
  geoDistance: geoDistanceFilter,
  geoBoundingBox: geoBoundingBoxFilter,
  and: andFilter,
  bool: boolFilter,
};

function scenarios() {
  const list = [];
  for (const kind of Object.keys(KINDS)) {
    for (const size of SIZES) {
      list.push({ name: `${kind}-${size / 1000}k`, kind, size, draw: KINDS[kind] });
    }
  }
  list.push({ name: 'compound-broad-100k', kind: 'compound-broad', size: 100000, draw: compoundBroadFilter });
  return list;
}

function writeLines(file, values) {
  fs.writeFileSync(file, values.map((value) => JSON.stringify(value)).join('\n') + '\n');
}

function options(argv) {
  const parsed = { out: path.join(__dirname, '..', 'target', 'filters-data'), seed: 20240611, documents: 10000 };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in parsed) || argv[i + 1] === undefined) {
      throw new Error(`usage: node generate.js [--out DIR] [--seed N] [--documents N] (bad argument ${argv[i]})`);
    }
    parsed[name] = name === 'out' ? argv[i + 1] : Number(argv[i + 1]);
  }
  return parsed;
}

function main() {
  const { out, seed, documents } = options(process.argv.slice(2));
  fs.mkdirSync(out, { recursive: true });
  const area = stream(seed, 'area');
  const hotspots = Array.from({ length: HOTSPOTS }, () => anywhere(area));
  const docs = stream(seed, 'documents');
  writeLines(path.join(out, 'documents.jsonl'), Array.from({ length: documents }, () => document(docs, hotspots)));
  const manifest = { seed, documents, documentsFile: 'documents.jsonl', scenarios: [] };
  for (const scenario of scenarios()) {
    const random = stream(seed, scenario.name);
    const file = `filters-${scenario.name}.jsonl`;
    writeLines(path.join(out, file), distinct(scenario.size, () => scenario.draw(random, hotspots)));
    manifest.scenarios.push({ name: scenario.name, kind: scenario.kind, filters: scenario.size, file });
  }
  fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  console.log(`filters-data: ${documents} documents, ${manifest.scenarios.length} scenarios, seed ${seed}, in ${out}`);
}

main();
