// The seed query through the official JavaScript driver: run by test_interop_js.py.
// Usage: node seed.cjs URI USER PASSWORD (neo4j-driver resolved through NODE_PATH).
// Prints the names as JSON, in the order the server returned them.
const neo4j = require('neo4j-driver')

async function main () {
  const [uri, user, password] = process.argv.slice(2)
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, password))
  try {
    const { records } = await driver.executeQuery(
      'MATCH (a:Person) RETURN a.name AS name', {}, { database: 'neo4j' })
    console.log(JSON.stringify(records.map(record => record.get('name'))))
  } finally {
    await driver.close()
  }
}

main().catch(error => { console.error(error); process.exit(1) })
