// Most used methods: methods ranked by how many papers use them.
//
// Parameters:
//   limit = 20  how many methods to list
//
// A paper uses a method when kg found it named in the title or abstract (USES_METHOD);
// a paper proposing a method is not counted as using it. Ties are broken by method id.
MATCH (p:Paper)-[:USES_METHOD]->(m:Method)
RETURN m.id AS method, m.name AS name, count(DISTINCT p) AS papers
ORDER BY papers DESC, method
LIMIT $limit
