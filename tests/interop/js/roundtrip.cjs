// Every value type through the official JavaScript driver: parameters in, the same values out.
// Run by test_interop_js.py. Usage: node roundtrip.cjs URI USER PASSWORD. Prints "ok COUNT".
const assert = require('node:assert/strict')
const neo4j = require('neo4j-driver')
const { types } = neo4j

const big = n => neo4j.int(n)
const bytes = n => Int8Array.from({ length: n }, (_, i) => (i % 256) - 128)

// [label, value]: compared with deepStrictEqual (driver Integers and typed arrays included).
const PLAIN = [
  ['null', null], ['true', true], ['false', false],
  ...[0, 1, -1, 127, 128, -16, -17, -128, -129, 32767, 32768, -32769, 2147483647, 2147483648,
    -2147483649].map(n => [`int ${n}`, big(n)]),
  ['int max', big('9223372036854775807')], ['int min', big('-9223372036854775808')],
  ['float 0.5', 0.5], ['float -0.5', -0.5], ['float 1e308', 1e308], ['float inf', Infinity],
  ['float -inf', -Infinity], ['float 1', 1],
  ['empty string', ''], ['unicode', 'é漢字🙂'], ['string 15', 'x'.repeat(15)],
  ['string 16', 'x'.repeat(16)], ['string 300', 'y'.repeat(300)], ['string 70000', 'z'.repeat(70000)],
  ['empty bytes', new Int8Array(0)], ['bytes 2', Int8Array.from([0, -1])],
  ['bytes 76800', bytes(76800)],
  ['empty list', []], ['mixed list', [big(1), 'two', 3.5, null, [true]]],
  ['list 70000', Array.from({ length: 70000 }, (_, i) => big(i))],
  ['empty map', {}], ['nested map', { a: big(1), b: { c: [big(1), { d: null }] } }],
  ['map 300', Object.fromEntries(Array.from({ length: 300 }, (_, i) => [String(i), big(i)]))]
]

// Temporal and spatial values: same class and the same ISO text back (a zone id alone comes
// back with its offset filled in by the server).
const FILLED = {
  'Europe/Stockholm': '2021-06-01T12:00:00.999999999+02:00[Europe/Stockholm]',
  'America/New_York': '1999-12-31T23:59:59.000000005-05:00[America/New_York]'
}
const STRUCTURED = [
  new types.Date(1, 1, 1),
  new types.Date(9999, 12, 31),
  new types.Time(12, 34, 56, 123456789, -150 * 60),
  new types.LocalTime(23, 59, 59, 999999999),
  new types.DateTime(2020, 3, 29, 2, 30, 0, 1, 3600),
  new types.DateTime(2021, 6, 1, 12, 0, 0, 999999999, undefined, 'Europe/Stockholm'),
  new types.DateTime(1999, 12, 31, 23, 59, 59, 5, undefined, 'America/New_York'),
  new types.LocalDateTime(1969, 7, 20, 20, 17, 40, 5),
  new types.Duration(14, -3, 4 * 3600 + 5, 6),
  new types.Duration(0, 0, -1, 1),
  new types.Point(big(7203), 1.5, -2.0),
  new types.Point(big(9157), 1.0, 2.0, 3.0),
  new types.Point(big(4326), 12.5, 55.7),
  new types.Point(big(4979), 12.5, 55.7, 10.0)
]

async function echo (session, value) {
  const result = await session.run('RETURN $v AS v', { v: value })
  return result.records[0].get('v')
}

async function main () {
  const [uri, user, password] = process.argv.slice(2)
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password))
  const session = driver.session({ database: 'neo4j' })
  try {
    for (const [label, value] of PLAIN) {
      assert.deepStrictEqual(await echo(session, value), value, label)
    }
    assert.ok(Number.isNaN(await echo(session, NaN)), 'NaN')
    for (const value of STRUCTURED) {
      const back = await echo(session, value)
      assert.equal(back.constructor, value.constructor, value.toString())
      assert.equal(back.toString(), FILLED[value.timeZoneId] ?? value.toString())
    }
    const zoned = await echo(session, STRUCTURED[5])
    assert.equal(zoned.timeZoneId, 'Europe/Stockholm')
    assert.equal(neo4j.int(zoned.timeZoneOffsetSeconds).toNumber(), 7200) // filled in from the zone by the server
    const graph = await session.run(
      "CREATE p = (a:Js:Start {name: 'a'})-[r:LINK {w: 1.5}]->(b:Js {name: 'b'}) RETURN a, r, p")
    const [a, r, p] = ['a', 'r', 'p'].map(key => graph.records[0].get(key))
    assert.ok(neo4j.isNode(a) && neo4j.isRelationship(r) && neo4j.isPath(p))
    assert.deepEqual(a.labels.sort(), ['Js', 'Start'])
    assert.equal(r.type, 'LINK')
    assert.equal(r.startNodeElementId, a.elementId)
    assert.equal(p.end.properties.name, 'b')
    console.log(`ok ${PLAIN.length + STRUCTURED.length + 3}`)
  } finally {
    await session.close()
    await driver.close()
  }
}

main().catch(error => { console.error(error); process.exit(1) })
