// The official JavaScript driver against graphbolt serve: run by test_interop_js.py.
// Usage: node smoke.cjs URI USER PASSWORD (neo4j-driver resolved through NODE_PATH).
const assert = require('node:assert/strict')
const neo4j = require('neo4j-driver')

async function main () {
  const [uri, user, password] = process.argv.slice(2)
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password))
  try {
    const info = await driver.getServerInfo()
    assert.ok(info.agent.startsWith('Neo4j/5'))
    await driver.executeQuery('MATCH (p:JsPerson) DETACH DELETE p')
    await driver.executeQuery("CREATE (:JsPerson {name: 'Alice'}), (:JsPerson {name: 'Bob'})")
    const { records } = await driver.executeQuery(
      'MATCH (a:JsPerson) RETURN a.name AS name ORDER BY name', {}, { database: 'neo4j' })
    assert.deepEqual(records.map(r => r.get('name')), ['Alice', 'Bob'])

    const session = driver.session({ database: 'neo4j', fetchSize: 2 })
    const result = await session.executeRead(tx => tx.run(
      "UNWIND range(1, 1000) AS x RETURN x, datetime('2020-01-01T00:00:00.000000001[Europe/Paris]') AS z"))
    assert.equal(result.records.length, 1000)
    assert.equal(result.records[999].get('x').toNumber(), 1000)
    assert.equal(result.records[0].get('z').toString(), '2020-01-01T00:00:00.000000001+01:00[Europe/Paris]')
    await assert.rejects(session.run('RETURN 1 +'), e => e.code === 'Neo.ClientError.Statement.SyntaxError')
    const tx = session.beginTransaction()
    const echo = await tx.run('RETURN $v AS v', { v: { a: [1, 2.5, 'x', null, true] } })
    // JS numbers travel as floats: 1 comes back as the float 1.
    assert.deepEqual(echo.records[0].get('v'), { a: [1, 2.5, 'x', null, true] })
    await tx.commit()
    await session.close()
    console.log('ok ' + info.protocolVersion.major + '.' + info.protocolVersion.minor)
  } finally {
    await driver.close()
  }
}

main().catch(error => { console.error(error); process.exit(1) })
